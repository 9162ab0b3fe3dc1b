import type { Browser, BrowserContext, Page } from "playwright-core";
import type { GuardOptions } from "@/lib/net/guarded-lookup";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { POLICY_BLOCK_HEADER, proxyNetError } from "@/lib/net/policy-proxy";
import { viewportContextOptions } from "../viewports";
import type { OriginStorageState } from "./apply-auth";
import { fillPlaceholders, sameOriginUrl, type LoginPayload, type LoginStep } from "./payload";
import { redactSecrets } from "./redact-secrets";

export type RunLoginOptions = {
  browser: Browser;
  /** The profile's origin: `login_url` and `goto` steps must be on it; only its cookies and localStorage are kept. */
  origin: string;
  payload: LoginPayload;
  /** URL policy for the login context's policy proxy (the scan's). */
  net: GuardOptions;
  /** Bound for each navigation, step and the success check, ms. */
  timeoutMs: number;
  /** Secret values to keep out of error messages. */
  secrets: string[];
};

export type LoginOutcome = { ok: true; state: OriginStorageState } | { ok: false; message: string };

/** A step, described without its value: `step 2 (click "#submit")`. */
function describe(i: number, s: LoginStep): string {
  const target = "selector" in s && s.selector ? ` ${JSON.stringify(s.selector)}` : "url" in s && s.url ? ` ${JSON.stringify(s.url)}` : "";
  return `step ${i + 1} (${s.action}${target})`;
}

async function gotoChecked(page: Page, url: string, timeoutMs: number): Promise<void> {
  const r = await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
  if (!r) throw new Error("navigation produced no HTTP response");
  if (r.headers()[POLICY_BLOCK_HEADER]) throw new Error(`the URL policy refused ${new URL(r.url()).host}`);
  const netError = proxyNetError(r.headers(), r.status());
  if (netError) throw new Error(netError);
  if (r.status() >= 400) throw new Error(`HTTP ${r.status()}`);
}

async function runStep(page: Page, s: LoginStep, o: RunLoginOptions): Promise<void> {
  const t = { timeout: o.timeoutMs };
  switch (s.action) {
    case "fill":
      return page.locator(s.selector).first().fill(fillPlaceholders(s.value, o.payload.secrets), t);
    case "click":
      return page.locator(s.selector).first().click(t);
    case "press":
      return page.locator(s.selector).first().press(fillPlaceholders(s.value, o.payload.secrets), t);
    case "wait_for":
      if (s.selector) return page.locator(s.selector).first().waitFor({ state: "visible", ...t });
      return page.waitForURL((u) => u.href.includes(s.url!), { waitUntil: "load", ...t });
    case "goto":
      return gotoChecked(page, sameOriginUrl(s.url, o.origin)!, o.timeoutMs);
  }
}

async function successCheck(page: Page, o: RunLoginOptions): Promise<void> {
  const { selector, url_contains } = o.payload.success;
  if (url_contains) await page.waitForURL((u) => u.href.includes(url_contains), { waitUntil: "load", timeout: o.timeoutMs });
  if (selector) await page.locator(selector).first().waitFor({ state: "visible", timeout: o.timeoutMs });
}

/** The storage state of `context` kept for page contexts: the origin host's cookies (made host-only) and its localStorage. */
async function originState(context: BrowserContext, origin: string): Promise<OriginStorageState> {
  const state = await context.storageState();
  const host = new URL(origin).hostname;
  return {
    cookies: state.cookies.filter((c) => c.domain.replace(/^\./, "") === host).map((c) => ({ ...c, domain: host })),
    origins: state.origins.filter((x) => x.origin === origin).map((x) => ({ origin: x.origin, localStorage: x.localStorage })),
  };
}

/**
 * Log in once with a `login` profile: a fresh browser context (desktop viewport and UA, HTTPS errors not ignored,
 * service workers blocked) whose every connection goes through a policy proxy of its own — as page audits do — opens
 * `login_url`, runs the steps in order (`{{field}}` values filled from the payload's secrets), then waits for the
 * success check (a visible `selector` and/or a URL containing `url_contains`).
 * @returns the storage state to reuse in every page context (cookies of the origin's host only, host-only; the
 *   origin's localStorage), or `ok: false` with a message naming the step that failed — `open login_url`, `step N
 *   (action "selector")` or `success check` — and the first line of the browser's error, secrets redacted.
 *   Never throws for a login problem; the context and proxy are always closed.
 */
export async function runLogin(o: RunLoginOptions): Promise<LoginOutcome> {
  const net = createNetworkGuard(o.net);
  let context: BrowserContext | undefined;
  let stage = "open login_url";
  try {
    const proxy = await net.startBrowserProxy();
    context = await o.browser.newContext({ ...viewportContextOptions("desktop", o.browser.version()), ignoreHTTPSErrors: false, serviceWorkers: "block", proxy: { server: proxy.url } });
    const page = await context.newPage();
    await gotoChecked(page, sameOriginUrl(o.payload.login_url, o.origin)!, o.timeoutMs);
    for (const [i, s] of o.payload.steps.entries()) {
      stage = describe(i, s);
      await runStep(page, s, o);
    }
    stage = "success check";
    await successCheck(page, o);
    await page.waitForLoadState("load", { timeout: o.timeoutMs }).catch(() => undefined);
    return { ok: true, state: await originState(context, o.origin) };
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 300);
    const hint = stage === "success check" ? " (wrong credentials, or the success selector / url_contains does not match the logged-in page)" : "";
    return { ok: false, message: redactSecrets(`Login failed at ${stage}${hint}: ${why}`, o.secrets) };
  } finally {
    await context?.close().catch(() => undefined);
    await net.close().catch(() => undefined);
  }
}
