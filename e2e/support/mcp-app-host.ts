// Test support: a minimal MCP Apps host (SEP-1865, 2026-01-26) for rendering an MCP App view in Chromium — the
// ext-apps package's own host side (`AppBridge`), a sandbox proxy on a second origin whose CSP header is built from the
// resource's `_meta.ui.csp` exactly as the spec's "CSP Construction from Metadata", and probes for the CSP and for
// requests leaving the machine. Used by e2e/mcp-app.spec.ts and lib/tools/mcp-app-render.test.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Frame, FrameLocator, Page } from "playwright-core";
import { hostPage, sandboxPage } from "./mcp-app-host-pages";

/** `_meta.ui.csp` of a UI resource (ext-apps `McpUiResourceCsp`). */
export type UiCsp = { connectDomains?: string[]; resourceDomains?: string[]; frameDomains?: string[]; baseUriDomains?: string[] };

/** Drop entries that could inject a directive or keyword (`;`, quotes, spaces, newlines), as ext-apps' basic-host does. */
const domains = (list?: string[]) => (list ?? []).filter((d) => typeof d === "string" && !/[;\r\n'" ]/.test(d)).join(" ");

/** The CSP a host must enforce for `csp` (spec "Content Security Policy Enforcement", the construction given there). */
export function cspHeaderOf(csp?: UiCsp): string {
  const r = domains(csp?.resourceDomains);
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline' ${r}`,
    `style-src 'self' 'unsafe-inline' ${r}`,
    `connect-src 'self' ${domains(csp?.connectDomains)}`,
    `img-src 'self' data: ${r}`,
    `font-src 'self' ${r}`,
    `media-src 'self' data: ${r}`,
    `frame-src ${domains(csp?.frameDomains) || "'none'"}`,
    "object-src 'none'",
    `base-uri ${domains(csp?.baseUriDomains) || "'self'"}`,
  ].map((d) => d.trim()).join("; ");
}

let bundle: Promise<string> | undefined;
/** `@modelcontextprotocol/ext-apps/app-bridge` bundled for the browser (once per process) as `window.ExtAppsHost`. */
function bridgeBundle(): Promise<string> {
  bundle ??= build({
    stdin: { contents: 'import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge"; window.ExtAppsHost = { AppBridge, PostMessageTransport };', resolveDir: fileURLToPath(new URL("../..", import.meta.url)), loader: "js" },
    bundle: true, format: "iife", platform: "browser", minify: true, write: false, logLevel: "silent",
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

export type AppHost = {
  /** The host page's origin (`http://127.0.0.1:<port>`). */
  origin: string;
  /** The sandbox proxy's origin — another port, so another origin, as the spec requires. */
  sandboxOrigin: string;
  /** A URL on the host origin that counts its hits (`decoyHits`): an undeclared origin for the view. */
  decoyUrl: string;
  decoyHits: string[];
  /** The CSP headers the sandbox was served with, in order. */
  servedCsp: string[];
  close(): Promise<void>;
};

const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=", "base64");

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Start the host and sandbox servers (both on loopback). */
export async function startAppHost(): Promise<AppHost> {
  const page = hostPage(await bridgeBundle());
  const decoyHits: string[] = [];
  const servedCsp: string[] = [];
  const host = await listen((req, res) => {
    if (req.url?.startsWith("/decoy")) {
      decoyHits.push(req.url);
      res.writeHead(200, { "content-type": "image/png", "access-control-allow-origin": "*" }).end(PIXEL);
    } else if (req.url === "/") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    else res.writeHead(404).end();
  });
  const sandbox = await listen((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox");
    if (url.pathname !== "/sandbox.html") return void res.writeHead(404).end();
    let csp: UiCsp | undefined;
    try {
      csp = url.searchParams.has("csp") ? (JSON.parse(url.searchParams.get("csp")!) as UiCsp) : undefined;
    } catch {
      csp = undefined;
    }
    const header = cspHeaderOf(csp);
    servedCsp.push(header);
    // A header, not a <meta>: the view cannot remove it (it inherits this document's policy).
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": header, "cache-control": "no-store" }).end(sandboxPage(host.origin));
  });
  return {
    origin: host.origin, sandboxOrigin: sandbox.origin, decoyUrl: `${host.origin}/decoy`, decoyHits, servedCsp,
    close: async () => {
      await Promise.all([host.server, sandbox.server].map((s) => new Promise((r) => s.close(r))));
    },
  };
}

export type MountOptions = {
  /** The `ui://` resource's HTML and `_meta.ui.csp`, as `resources/read` returned them. */
  html: string;
  csp: UiCsp | undefined;
  /** The `tools/list` descriptor of the tool whose result is shown (`hostContext.toolInfo.tool`). */
  tool: Record<string, unknown>;
  toolInput: Record<string, unknown>;
  toolResult: Record<string, unknown>;
  /** What the host does with the view's `resources/read` and `tools/call` (proxy them to the MCP server). */
  readResource: (params: { uri: string }) => Promise<unknown>;
  callTool: (params: { name: string; arguments?: Record<string, unknown> }) => Promise<unknown>;
  width?: number;
};

export type MountedApp = {
  /** The view's frame (inside the sandbox proxy's frame) and a locator scoped to it. */
  view: Frame;
  locator: FrameLocator;
  /** What the view reported in `ui/initialize`. */
  appInfo: { name: string; version: string } | undefined;
};

/** Open the host page in `page`, render the view with the tool result, and return its frame once it is initialized. */
export async function mountApp(page: Page, host: AppHost, o: MountOptions): Promise<MountedApp> {
  await page.exposeFunction("oaHostReadResource", o.readResource);
  await page.exposeFunction("oaHostCallTool", o.callTool);
  await page.goto(`${host.origin}/`);
  const sandboxUrl = `${host.sandboxOrigin}/sandbox.html?csp=${encodeURIComponent(JSON.stringify(o.csp ?? {}))}`;
  const init = await page.evaluate((args) => (window as unknown as { mountApp(a: unknown): Promise<{ appInfo?: { name: string; version: string } }> }).mountApp(args), {
    html: o.html, csp: o.csp, tool: o.tool, toolInput: o.toolInput, toolResult: o.toolResult, sandboxUrl, width: o.width ?? 900,
  });
  const view = page.frames().find((f) => f.parentFrame()?.url().startsWith(`${host.sandboxOrigin}/sandbox.html`));
  if (!view) throw new Error("the view's frame was not found inside the sandbox proxy");
  return { view, locator: page.frameLocator("#app").frameLocator("iframe"), appInfo: init.appInfo };
}

/**
 * Screenshot the whole host page to `file`. The viewport is first grown to the page's height: Chromium does not paint
 * the out-of-viewport part of a cross-origin iframe into a full-page screenshot.
 */
export async function screenshotHost(page: Page, file: string): Promise<void> {
  const { width } = page.viewportSize() ?? { width: 1280 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height: Math.min(Math.max(height, 200), 8000) });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: file, fullPage: true });
}

export type NetworkLog = {
  /** Requests any frame started to a non-loopback URL, with how they failed (`null` while pending or if they did not). */
  outside: { url: string; failure: string | null }[];
  /** Those that reached the network layer (past the browser's CSP checks) — refused here, so nothing leaves anyway. */
  routed: string[];
};

/**
 * Watch `page` (every frame) for requests to non-loopback hosts. Chromium reports an image its CSP blocks as a request
 * failed for "csp", before any network access (a blocked `fetch` is not reported at all); a request that got past the
 * CSP would reach the route below, be recorded in `routed` and refused — so nothing leaves the machine either way.
 */
export async function guardNetwork(page: Page): Promise<NetworkLog> {
  const log: NetworkLog = { outside: [], routed: [] };
  const isLocal = (u: string) => {
    const { protocol, hostname } = new URL(u);
    return protocol === "data:" || protocol === "about:" || protocol === "blob:" || hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
  };
  page.on("request", (r) => {
    if (!isLocal(r.url())) log.outside.push({ url: r.url(), failure: null });
  });
  page.on("requestfailed", (r) => {
    const entry = log.outside.find((o) => o.url === r.url() && o.failure === null);
    if (entry) entry.failure = r.failure()?.errorText ?? "failed";
  });
  await page.route((url) => !isLocal(url.href), (route) => {
    log.routed.push(route.request().url());
    return route.abort("blockedbyclient");
  });
  return log;
}

export type CspProbe = { image: "loaded" | "error"; fetch: "ok" | "blocked"; violations: { directive: string; blocked: string }[] };

/** From inside the view: try to load an image from `imageUrl` and fetch `fetchUrl`, and report what the CSP did. */
export function probeCsp(view: Frame, imageUrl: string, fetchUrl: string): Promise<CspProbe> {
  return view.evaluate(async ({ imageUrl, fetchUrl }) => {
    const violations: { directive: string; blocked: string }[] = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
    const img = new Image();
    const image = new Promise<"loaded" | "error">((resolve) => {
      img.onload = () => resolve("loaded");
      img.onerror = () => resolve("error");
    });
    img.src = imageUrl;
    const fetched = await fetch(fetchUrl).then(() => "ok" as const, () => "blocked" as const);
    const loaded = await image;
    await new Promise((r) => setTimeout(r, 200)); // violation events are queued as tasks
    return { image: loaded, fetch: fetched, violations };
  }, { imageUrl, fetchUrl });
}
