import { errors, type Browser, type BrowserContext, type Frame, type Page, type Response } from "playwright-core";
import { getEnv } from "@/lib/env";
import type { GuardOptions } from "@/lib/net/guarded-lookup";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { POLICY_BLOCK_HEADER, proxyNetError, type PolicyProxy } from "@/lib/net/policy-proxy";
import { assertUrlAllowed } from "@/lib/net/url-policy";
import { within } from "@/lib/within";
import type { ObjectStore } from "@/lib/object-store/types";
import { authContextOptions, installAuthRoutes, type AppliedAuth } from "./auth-profiles/apply-auth";
import { redactDeep } from "./auth-profiles/redact-secrets";
import { runAccessibilityChecks } from "./checks/accessibility";
import { attachConsoleCollector } from "./checks/console";
import { checkLinks, type LinkCache, type LinkTarget } from "./checks/links";
import { collectPerformance, installPerformanceObservers } from "./checks/performance";
import { attachSubresourceCollector, readDocumentMarkup } from "./checks/observatory/collect-document";
import { securityAudit } from "./checks/security-headers";
import { httpStatusFinding, seoFindings } from "./checks/seo";
import { readSeoSignals } from "./checks/seo-signals";
import { probeAnchorListeners } from "./checks/seo-anchor-listeners";
import type { BrowserSession } from "./browser-sessions";
import { blockedResponse, classifyPageError, redirectChainOf, type PageErrorCode } from "./classify-page-error";
import { extractLinks } from "./extract-links";
import { toHeaderMap } from "./http-headers";
import { readSkeleton } from "./templates";
import type { RobotsFetch } from "./robots";
import type { PageAuditResult, ScanProfile, ViewportName } from "./types";
import { VIEWPORTS, viewportContextOptions } from "./viewports";

export type AuditPageOptions = {
  browser: Browser;
  url: string;
  viewport: ViewportName;
  profile: ScanProfile;
  /** Navigation timeout, ms (default `SITELINT_PAGE_TIMEOUT_MS`); the whole in-browser audit may take 3× this. */
  timeoutMs?: number;
  objectStore: ObjectStore;
  /** Shared by all pages of a scan so each link target is checked once (see `checkLinks`). */
  linkCache?: LinkCache;
  /** URL policy (and, in tests, a resolver) for every connection of this audit: the browser context goes through a
   * policy proxy of its own, link checks through the guarded fetch. */
  net: GuardOptions;
  /** The scan's auth profile, applied (`createScanAuth`): its storage state and origin-only headers go on the context,
   * its secrets are redacted from the result, and its `failure` (`AUTH_LOGIN_FAILED`) fails the page without loading it. */
  /** The scan's robots.txt, so SEO's is-crawlable can say when robots.txt blocks the page for search engines. */
  robotsTxt?: RobotsFetch;
  auth?: AppliedAuth;
  /** A reused browser session (`createSessionPool`) to navigate instead of opening a context and page for this audit;
   * its context already carries the viewport and `auth`. Marked `broken` when the audit leaves it unusable. */
  session?: BrowserSession;
  /** Awaited just before the page's navigation request leaves (the crawl's per-host politeness: `HostGate.runPaced`). */
  beforeNavigate?: () => Promise<void>;
};

/** A page problem found after navigation started (policy refusal, missing response). */
class PageFailure extends Error {
  constructor(readonly code: PageErrorCode, message: string) {
    super(message);
  }
}

/** True for the proxy's block page (a refused plain-HTTP request), which must never be audited as the site's page. */
const isBlockPage = async (r: Response) => (await r.headerValue(POLICY_BLOCK_HEADER).catch(() => null)) !== null;

async function dropBlockedFrames(page: Page, blockedUrls: Set<string>): Promise<void> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || !blockedUrls.has(frame.url())) continue;
    // The proxy's block page for an iframe is ours, not the site's: keep it out of the screenshot and the checks.
    await frame.frameElement().then((el) => el.evaluate((n) => (n as Element).remove())).catch(() => undefined);
  }
}

/** How long a reused page's renderer may take to answer a trivial script after an audit, ms. */
const LIVENESS_TIMEOUT_MS = 1_000;

/** Whether the page's main thread runs a trivial script within {@link LIVENESS_TIMEOUT_MS}. */
async function answers(page: Page): Promise<boolean> {
  return within(page.evaluate(() => true), LIVENESS_TIMEOUT_MS).then(() => true, () => false);
}

/**
 * A viewport PNG of the page, in device pixels. With a session's CDP connection, `Page.captureScreenshot` directly —
 * the same bytes as Playwright's `page.screenshot({ type: "png" })` without its caret-hiding and font-waiting round
 * trips (measured on the MDN corpus: 54 vs 90 ms per shot); else Playwright's.
 */
async function viewportPng(page: Page, session: BrowserSession | undefined, timeoutMs: number): Promise<Buffer> {
  const viewport = page.viewportSize();
  if (session?.cdp && viewport) {
    // Our CDP session does not carry Playwright's device-metrics emulation: scale the clip by the viewport's device
    // scale factor (ours, never the page's `devicePixelRatio`, which a page can redefine) to capture device pixels.
    const clip = { x: 0, y: 0, width: viewport.width, height: viewport.height, scale: VIEWPORTS[session.viewport].deviceScaleFactor };
    const shot = await within(session.cdp.send("Page.captureScreenshot", { format: "png", clip }), timeoutMs, () => new errors.TimeoutError(`screenshot: timeout ${timeoutMs} ms exceeded`));
    return Buffer.from(shot.data, "base64");
  }
  return page.screenshot({ type: "png", timeout: timeoutMs });
}

/** Navigate a reused page to `about:blank` (cancelling a pending navigation); false when that fails. */
const resetPage = (page: Page): Promise<boolean> =>
  page.goto("about:blank", { timeout: LIVENESS_TIMEOUT_MS * 2 }).then(() => true, () => false);

async function loadTimeMs(page: Page, startedAt: number): Promise<number> {
  const nav = await page
    .evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd)
    .catch(() => undefined);
  return Math.round(typeof nav === "number" && nav > 0 ? nav : performance.now() - startedAt);
}

/**
 * Audit one URL in one viewport: a fresh browser context (viewport emulation, UA + " OmniAuditBot/0.1", HTTPS errors
 * not ignored, service workers blocked) — or, given `session`, that reused session's context and page, set up the same
 * way — whose every connection — documents, redirect hops, subresources, iframes, WebSockets, popups — goes through a
 * policy proxy of its own (`net.startBrowserProxy`), `goto` until `load`, viewport PNG screenshot into the object
 * store, then the checks of the profile — quick: axe (WCAG 2.2 A/AA) + SEO + security headers; standard: + broken
 * links (same-origin) + console/network diagnostics; deep: + performance (never give `deep` a session: its figures
 * need a cold cache).
 *
 * `metrics.timings_ms` gives the wall time of each stage (navigate, screenshot, seo, accessibility, links, security,
 * link_check, close, …), ms.
 * A document answering ≥ 400 is audited normally (`status: "ok"`, `httpStatus`, plus an `http-status` finding) —
 * except a refusal of the crawler (401/403/429, 503 with `Retry-After`, a WAF/bot challenge: `blockedResponse`), which
 * is `status: "blocked"`, `error.code: "BLOCKED"`, screenshot only (`metrics.retry_after_ms` when the server said).
 * `redirects` lists the navigation's redirect hops; `skeleton` the HTML page's layout hash (`readSkeleton`).
 * Navigation problems never throw: `status: "failed"` with `error.code` `PAGE_TIMEOUT` | `PAGE_ERROR` | `HTTP_ERROR`
 * | `URL_NOT_ALLOWED` and whatever was collected. A single check that crashes leaves `status: "ok"` with
 * `error.code: "CHECK_ERROR"` naming it. Its own context is always closed; a session's listeners are removed, the
 * popups the page opened closed, and the session marked `broken` when the audit timed out or the page closed.
 * @throws only for programming errors (e.g. an object store that fails to write).
 */
export async function auditPage(o: AuditPageOptions): Promise<PageAuditResult> {
  const timeoutMs = o.timeoutMs ?? getEnv().SITELINT_PAGE_TIMEOUT_MS;
  const standard = o.profile !== "quick";
  const result: PageAuditResult = { url: o.url, finalUrl: o.url, viewport: o.viewport, status: "ok", links: [], findings: [], diagnostics: { consoleErrors: [], failedRequests: [] } };
  if (o.auth?.failure) return { ...result, status: "failed", error: { ...o.auth.failure } };
  const checkErrors: string[] = [];
  let targets: LinkTarget[] = [];
  let context: BrowserContext | undefined;
  let proxy: PolicyProxy | undefined;
  const net = createNetworkGuard(o.net);
  const blockedUrls = new Set<string>();
  let collector: ReturnType<typeof attachConsoleCollector> | undefined;
  let timedOut = false;
  let committed = false;
  const session = o.session;
  let refusedBefore = 0;
  const detachers: (() => void)[] = [];
  // A hung page (endless script, stuck axe run) must not hold a crawl worker: closing the context aborts everything.
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const armDeadline = () => {
    clearTimeout(deadline);
    deadline = setTimeout(() => {
      timedOut = true;
      void context?.close().catch(() => undefined);
    }, timeoutMs * 3);
  };
  armDeadline();
  // Wall time per stage, ms (`metrics.timings_ms`: where a slow page's time went; bench:sitelint prints the means).
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round((timings[name] ?? 0) + performance.now() - t);
    }
  };
  const attempt = async (name: string, fn: () => Promise<void>) => {
    try {
      await timed(name, fn);
    } catch (e) {
      if (timedOut) throw e;
      checkErrors.push(`${name}: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
    }
  };
  try {
    // The early check: a clear error for a refused page URL and no browser work (file:, chrome: never get this far).
    const allowed = await assertUrlAllowed(o.url, o.net.policy, o.net.resolve).then(() => true, () => false);
    if (!allowed) throw new PageFailure("URL_NOT_ALLOWED", "The URL policy refuses this page's URL (SITELINT_URL_ALLOWLIST/DENYLIST, http(s) only).");
    let page: Page;
    if (session) {
      // A reused session: its context, proxy and page; the proxy's refusals count as this audit's while it runs.
      ({ proxy, context, page } = session);
      refusedBefore = proxy.total();
      session.onRefused = (r) => net.recordRefusal("browser", r);
    } else {
      const started = await net.startBrowserProxy();
      proxy = started;
      context = await o.browser.newContext({ ...viewportContextOptions(o.viewport, o.browser.version()), ignoreHTTPSErrors: false, serviceWorkers: "block", proxy: { server: started.url }, ...authContextOptions(o.auth) });
      await installAuthRoutes(context, o.auth, { timeoutMs });
      page = await context.newPage();
    }
    const mainFrame = page.mainFrame();
    const onResponse = (r: Response) => {
      if (r.headers()[POLICY_BLOCK_HEADER]) blockedUrls.add(r.url());
    };
    // Whether this audit's navigation committed (a reused page still shows the previous page until it does).
    const onNavigated = (f: Frame) => void (f === mainFrame && (committed = true));
    page.on("response", onResponse);
    page.on("framenavigated", onNavigated);
    detachers.push(() => page.off("response", onResponse), () => page.off("framenavigated", onNavigated));
    const p = proxy;
    collector = attachConsoleCollector(page, (url) => blockedUrls.has(url) || p.wasRefused(url));
    // Mixed content: the page's own http:/ws: subresource requests, seen from the first one.
    const insecureRequests = attachSubresourceCollector(page);
    detachers.push(collector.detach, insecureRequests.detach);
    if (o.profile === "deep") await installPerformanceObservers(page);
    if (o.beforeNavigate) {
      // The politeness wait (up to delay_ms × the pages queued for the host) is the crawl's time, not the page's.
      clearTimeout(deadline);
      await o.beforeNavigate();
      armDeadline();
    }
    const startedAt = performance.now();
    let response: Response | null;
    try {
      response = await timed("navigate", () => page.goto(o.url, { waitUntil: "load", timeout: timeoutMs }));
    } catch (e) {
      if (committed) result.finalUrl = page.url();
      // Keep what rendered so far as evidence of a slow page.
      if (e instanceof errors.TimeoutError && committed) {
        result.screenshotRef = await page.screenshot({ type: "png", timeout: 5_000 }).then((b) => o.objectStore.put(b)).then((r) => r.ref, () => undefined);
      }
      throw e;
    }
    if (!response) throw new PageFailure("PAGE_ERROR", "Navigation produced no HTTP response.");
    if (await isBlockPage(response)) throw new PageFailure("URL_NOT_ALLOWED", `A redirect led to ${new URL(response.url()).host}, which the URL policy refuses.`);
    const netError = proxyNetError(response.headers(), response.status());
    if (netError) throw new PageFailure("PAGE_ERROR", `${netError} at ${response.url()}`);
    result.finalUrl = page.url();
    result.httpStatus = response.status();
    result.redirects = await redirectChainOf(response);
    const headers = toHeaderMap(await response.headersArray());
    result.loadMs = await loadTimeMs(page, startedAt);
    result.title = (await page.title()) || undefined;
    await dropBlockedFrames(page, blockedUrls);
    result.screenshotRef = await timed("screenshot", async () => (await o.objectStore.put(await viewportPng(page, session, timeoutMs))).ref);
    // The site refused the crawler (401/403/429, 503 + Retry-After, a WAF challenge): not the site's page, no checks.
    const refusal = blockedResponse({ status: result.httpStatus, headers, title: result.title });
    if (refusal?.retryAfterMs !== undefined) result.metrics = { ...result.metrics, retry_after_ms: refusal.retryAfterMs };
    if (refusal) throw new PageFailure("BLOCKED", refusal.message);

    const isHtml = /^(text\/html|application\/xhtml\+xml)/i.test(headers["content-type"] ?? "text/html");
    if (isHtml) result.skeleton = await timed("skeleton", () => readSkeleton(page).catch(() => undefined));
    const status = httpStatusFinding(result.httpStatus);
    if (status) result.findings.push(status);
    if (isHtml) {
      // First, before axe runs script in the page (its long tasks would count as the site's blocking time).
      if (o.profile === "deep") {
        await attempt("performance", async () => {
          const { metrics, findings } = await collectPerformance(page, { viewport: o.viewport });
          result.findings.push(...findings);
          result.metrics = { ...result.metrics, performance: metrics };
        });
      }
      await attempt("seo", async () => {
        const signals = await readSeoSignals(page);
        const anchorListeners = await probeAnchorListeners(page, signals.anchors.filter((a) => a.probe !== undefined).length);
        result.findings.push(...seoFindings({ signals, headers, pageUrl: result.finalUrl, anchorListeners, robotsTxt: o.robotsTxt }));
      });
      await attempt("accessibility", async () => {
        result.findings.push(...(await runAccessibilityChecks({ page, profile: o.profile })));
      });
      await attempt("links", async () => {
        const found = await extractLinks(page, new URL(result.finalUrl).origin);
        result.links = found.links;
        targets = found.targets;
      });
    }
    const served = response;
    await attempt("security", async () => {
      // MDN HTTP Observatory's tests read the served HTML's <script>/<meta> tags, so those come from the response body.
      const markup = isHtml ? await readDocumentMarkup(page, served) : undefined;
      const subresources = [...insecureRequests.subresources(), ...(markup?.insecureRefs ?? [])];
      const security = securityAudit({ url: result.finalUrl, headers, metaCsp: markup?.metaCsp, metaReferrer: markup?.metaReferrer, scripts: markup?.scripts, subresources });
      result.findings.push(...security.findings);
      result.metrics = { ...result.metrics, security: security.metrics };
    });
    if (standard) result.findings.push(...collector.findings());
    if (timedOut) throw new errors.TimeoutError("audit deadline");
  } catch (e) {
    result.error = timedOut
      ? { code: "PAGE_TIMEOUT", message: `Auditing the page took longer than ${timeoutMs * 3} ms.` }
      : e instanceof PageFailure
        ? { code: e.code, message: e.message }
        : classifyPageError(e, { blockedByPolicy: !!proxy && proxy.total() > refusedBefore });
    result.status = result.error.code === "BLOCKED" ? "blocked" : "failed";
  } finally {
    clearTimeout(deadline);
    await timed("close", async () => {
      detachers.forEach((d) => d());
      if (session) {
        // Popups and windows the page opened are not part of the session.
        await Promise.all(session.context.pages().filter((x) => x !== session.page).map((x) => x.close().catch(() => undefined)));
        // After a failed load (a navigation may still be pending), start the next audit from a blank page. A page
        // still running script in a loop would stall the next navigation: reuse only a renderer that answers.
        if (timedOut) session.broken = true;
        else {
          const reset = result.status !== "failed" || (await resetPage(session.page));
          if (!reset || session.page.isClosed() || !(await answers(session.page))) session.broken = true;
        }
      } else {
        await context?.close().catch(() => undefined);
        await proxy?.close().catch(() => undefined);
      }
    });
    if (collector) result.diagnostics = { consoleErrors: [...collector.consoleErrors], failedRequests: [...collector.failedRequests] };
  }
  // Link checks need no browser; running them after closing the context frees Chromium sooner.
  if (result.status === "ok" && standard && targets.length > 0) {
    await attempt("link_check", async () => {
      const summary = await checkLinks({ targets, cache: o.linkCache ?? new Map(), net, timeoutMs: Math.min(10_000, timeoutMs) });
      result.findings.push(...summary.findings);
    });
  }
  await net.close().catch(() => undefined);
  const refused = net.refusals();
  if (refused.total > 0) result.diagnostics.policyRefusals = refused;
  result.metrics = { ...result.metrics, timings_ms: timings };
  if (checkErrors.length > 0 && !result.error) result.error = { code: "CHECK_ERROR", message: checkErrors.join("; ").slice(0, 1000) };
  return o.auth ? redactDeep(result, o.auth.secrets) : result;
}
