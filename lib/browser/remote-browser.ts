import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Flags a remote browser must have been started with, because a browser context cannot set them: no QUIC (UDP past
 * the proxy) and WebRTC through the proxy only. Checked when the browser reveals its command line.
 */
export const REMOTE_REQUIRED_FLAGS: readonly string[] = ["--disable-quic", "--webrtc-ip-handling-policy=disable_non_proxied_udp"];

const PROBE_HOST = "omniaudit-proxy-probe.invalid";

/** `endpoint` without user info or query string (hosted browsers put tokens there), for messages and health output. */
export function describeEndpoint(endpoint: string): string {
  try {
    const u = new URL(endpoint);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(unparsable endpoint)";
  }
}

/**
 * Prove that contexts of `browser` reach a proxy listening on this process's 127.0.0.1, as SiteLint's per-context
 * policy proxy does: a throwaway proxy on 127.0.0.1 (random port) answers a random nonce for one URL on a `.invalid`
 * host, and a context configured with that proxy must load exactly that answer. A browser on another host or network
 * namespace reaches its own loopback instead (nothing there, or something that does not know the nonce).
 * @throws AppError `UNAVAILABLE` naming the cause when the probe page does not come back through the probe proxy.
 */
export async function assertReachesLoopbackProxy(browser: Browser, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Promise<void> {
  const nonce = randomBytes(12).toString("hex");
  const probeUrl = `http://${PROBE_HOST}/${nonce}`;
  let seen = false;
  // A forward proxy sees the absolute-form URL as req.url; anything else (favicon, other hosts) is refused.
  const server = http.createServer((req, res) => {
    if (req.url === probeUrl) {
      seen = true;
      res.writeHead(200, { "content-type": "text/plain" }).end(nonce);
    } else res.writeHead(403).end();
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let failure: string | undefined;
  try {
    const context = await browser.newContext({ proxy: { server: proxy } });
    try {
      const page = await context.newPage();
      const res = await page.goto(probeUrl, { timeout: timeoutMs }).catch((e: unknown) => (e instanceof Error ? e.message.split("\n")[0]! : String(e)));
      if (typeof res === "string") failure = res;
      else if (!seen || !res || (await res.text()) !== nonce) failure = `the answer did not come from ${proxy}`;
    } finally {
      await context.close().catch(() => undefined);
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  if (failure) {
    throw new AppError(
      "UNAVAILABLE",
      `The remote browser cannot reach this server's 127.0.0.1, where SiteLint's policy proxy listens (probe through ${proxy}: ${failure}). ` +
        "Run the browser in this server's network namespace (same host, same pod, or Docker network_mode: service:<app>), or run scans on a worker with a local Chromium.",
    );
  }
}

/** The flags of {@link REMOTE_REQUIRED_FLAGS} missing from the browser's command line; [] when it does not reveal it. */
async function missingFlags(browser: Browser): Promise<string[]> {
  try {
    const session = await browser.newBrowserCDPSession();
    const { arguments: args } = (await session.send("Browser.getBrowserCommandLine")) as { arguments: string[] };
    await session.detach().catch(() => undefined);
    return REMOTE_REQUIRED_FLAGS.filter((f) => !args.includes(f));
  } catch {
    // Chromium answers only when started with --enable-automation; the requirement is documented (docs/hosting.md).
    return [];
  }
}

/**
 * Connect to the remote Chromium at `endpoint` (`CHROMIUM_WS_ENDPOINT`) over the Chrome DevTools Protocol instead of
 * launching one. Every SiteLint context still gets its own policy proxy on 127.0.0.1, so this is allowed only when the
 * operator states that the browser shares this server's loopback (`CHROMIUM_WS_SHARED_LOOPBACK=true`), and the claim
 * is checked ({@link assertReachesLoopbackProxy}) before the browser is handed out. Closing the returned browser
 * disconnects; it does not stop the remote process.
 * @throws AppError `UNAVAILABLE` without the opt-in, when the endpoint cannot be reached, when the browser lacks
 *   {@link REMOTE_REQUIRED_FLAGS}, or when it does not reach the loopback proxy.
 */
export async function connectRemoteBrowser(endpoint: string): Promise<Browser> {
  const where = describeEndpoint(endpoint);
  if (!getEnv().CHROMIUM_WS_SHARED_LOOPBACK) {
    throw new AppError(
      "UNAVAILABLE",
      `CHROMIUM_WS_ENDPOINT (${where}) is set, but SiteLint sends each page's traffic through a policy proxy on this server's 127.0.0.1, which a browser elsewhere cannot reach. ` +
        "If the browser shares this server's network namespace (same host or pod), set CHROMIUM_WS_SHARED_LOOPBACK=true; otherwise run scans on a worker with a local Chromium (docs/hosting.md).",
    );
  }
  let browser: Browser;
  try {
    browser = await chromium.connectOverCDP(endpoint, { timeout: 30_000 });
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new AppError("UNAVAILABLE", `Cannot connect to the remote browser at ${where}: ${first}`, { endpoint: where });
  }
  try {
    const missing = await missingFlags(browser);
    if (missing.length) throw new AppError("UNAVAILABLE", `The remote browser at ${where} was started without ${missing.join(" ")}; start it with these flags (docs/hosting.md).`);
    await assertReachesLoopbackProxy(browser);
    return browser;
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
}
