import { errors, type Browser, type BrowserContext, type Page, type Response } from "playwright-core";
import { getEnv } from "@/lib/env";
import type { GuardOptions } from "@/lib/net/guarded-lookup";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { POLICY_BLOCK_HEADER, proxyNetError, type PolicyProxy } from "@/lib/net/policy-proxy";
import { assertUrlAllowed } from "@/lib/net/url-policy";
import type { ObjectStore } from "@/lib/object-store/types";
import { runAccessibilityChecks } from "./checks/accessibility";
import { attachConsoleCollector } from "./checks/console";
import { checkLinks, type LinkCache, type LinkTarget } from "./checks/links";
import { securityHeaderFindings } from "./checks/security-headers";
import { httpStatusFinding, seoFindings } from "./checks/seo";
import { readSeoSignals } from "./checks/seo-signals";
import { classifyPageError, type PageErrorCode } from "./classify-page-error";
import { extractLinks } from "./extract-links";
import { toHeaderMap } from "./http-headers";
import type { PageAuditResult, ScanProfile, ViewportName } from "./types";
import { viewportContextOptions } from "./viewports";

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

async function loadTimeMs(page: Page, startedAt: number): Promise<number> {
  const nav = await page
    .evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd)
    .catch(() => undefined);
  return Math.round(typeof nav === "number" && nav > 0 ? nav : performance.now() - startedAt);
}

/**
 * Audit one URL in one viewport: fresh browser context (viewport emulation, UA + " OmniAuditBot/0.1", HTTPS errors
 * not ignored, service workers blocked) whose every connection — documents, redirect hops, subresources, iframes,
 * WebSockets, popups — goes through a policy proxy of its own (`net.startBrowserProxy`), `goto` until `load`, viewport PNG screenshot into the
 * object store, then the checks of the profile — quick: axe (WCAG 2.2 A/AA) + SEO + security headers; standard: +
 * broken links (same-origin) + console/network diagnostics; deep: + axe best-practice and needs-review results.
 *
 * A document answering ≥ 400 is audited normally (`status: "ok"`, `httpStatus`, plus an `http-status` finding).
 * Navigation problems never throw: `status: "failed"` with `error.code` `PAGE_TIMEOUT` | `PAGE_ERROR` | `HTTP_ERROR`
 * | `URL_NOT_ALLOWED` and whatever was collected. A single check that crashes leaves `status: "ok"` with
 * `error.code: "CHECK_ERROR"` naming it. The context is always closed.
 * @throws only for programming errors (e.g. an object store that fails to write).
 */
export async function auditPage(o: AuditPageOptions): Promise<PageAuditResult> {
  const timeoutMs = o.timeoutMs ?? getEnv().SITELINT_PAGE_TIMEOUT_MS;
  const standard = o.profile !== "quick";
  const result: PageAuditResult = { url: o.url, finalUrl: o.url, viewport: o.viewport, status: "ok", links: [], findings: [], diagnostics: { consoleErrors: [], failedRequests: [] } };
  const checkErrors: string[] = [];
  let targets: LinkTarget[] = [];
  let context: BrowserContext | undefined;
  let proxy: PolicyProxy | undefined;
  const net = createNetworkGuard(o.net);
  const blockedUrls = new Set<string>();
  let collector: ReturnType<typeof attachConsoleCollector> | undefined;
  let timedOut = false;
  // A hung page (endless script, stuck axe run) must not hold a crawl worker: closing the context aborts everything.
  const deadline = setTimeout(() => {
    timedOut = true;
    void context?.close().catch(() => undefined);
  }, timeoutMs * 3);
  const attempt = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      if (timedOut) throw e;
      checkErrors.push(`${name}: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
    }
  };
  try {
    // The early check: a clear error for a refused page URL and no browser work (file:, chrome: never get this far).
    const allowed = await assertUrlAllowed(o.url, o.net.policy, o.net.resolve).then(() => true, () => false);
    if (!allowed) throw new PageFailure("URL_NOT_ALLOWED", "The URL policy refuses this page's URL (SITELINT_URL_ALLOWLIST/DENYLIST, http(s) only).");
    proxy = await net.startBrowserProxy();
    context = await o.browser.newContext({ ...viewportContextOptions(o.viewport, o.browser.version()), ignoreHTTPSErrors: false, serviceWorkers: "block", proxy: { server: proxy.url } });
    const page = await context.newPage();
    const p = proxy;
    page.on("response", (r) => {
      if (r.headers()[POLICY_BLOCK_HEADER]) blockedUrls.add(r.url());
    });
    collector = attachConsoleCollector(page, (url) => blockedUrls.has(url) || p.wasRefused(url));
    const startedAt = performance.now();
    let response: Response | null;
    try {
      response = await page.goto(o.url, { waitUntil: "load", timeout: timeoutMs });
    } catch (e) {
      if (page.url() !== "about:blank") result.finalUrl = page.url();
      // Keep what rendered so far as evidence of a slow page.
      if (e instanceof errors.TimeoutError && page.url() !== "about:blank") {
        result.screenshotRef = await page.screenshot({ type: "png", timeout: 5_000 }).then((b) => o.objectStore.put(b)).then((r) => r.ref, () => undefined);
      }
      throw e;
    }
    if (!response) throw new PageFailure("PAGE_ERROR", "Navigation produced no HTTP response.");
    if (await isBlockPage(response)) throw new PageFailure("URL_NOT_ALLOWED", `A redirect led to ${new URL(response.url()).host}, which the URL policy refuses.`);
    const netError = proxyNetError(response.headers());
    if (netError) throw new PageFailure("PAGE_ERROR", `${netError} at ${response.url()}`);
    result.finalUrl = page.url();
    result.httpStatus = response.status();
    const headers = toHeaderMap(await response.headersArray());
    result.loadMs = await loadTimeMs(page, startedAt);
    result.title = (await page.title()) || undefined;
    await dropBlockedFrames(page, blockedUrls);
    result.screenshotRef = (await o.objectStore.put(await page.screenshot({ type: "png", timeout: timeoutMs }))).ref;

    const isHtml = /^(text\/html|application\/xhtml\+xml)/i.test(headers["content-type"] ?? "text/html");
    const status = httpStatusFinding(result.httpStatus);
    if (status) result.findings.push(status);
    let metaCsp: string[] = [];
    if (isHtml) {
      await attempt("seo", async () => {
        const signals = await readSeoSignals(page);
        metaCsp = signals.metaCsp;
        result.findings.push(...seoFindings({ signals, headers, pageUrl: result.finalUrl }));
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
    result.findings.push(...securityHeaderFindings({ url: result.finalUrl, headers, metaCsp }));
    if (standard) result.findings.push(...collector.findings());
    if (timedOut) throw new errors.TimeoutError("audit deadline");
  } catch (e) {
    result.status = "failed";
    result.error = timedOut
      ? { code: "PAGE_TIMEOUT", message: `Auditing the page took longer than ${timeoutMs * 3} ms.` }
      : e instanceof PageFailure
        ? { code: e.code, message: e.message }
        : classifyPageError(e, { blockedByPolicy: !!proxy && proxy.total() > 0 });
  } finally {
    clearTimeout(deadline);
    await context?.close().catch(() => undefined);
    await proxy?.close().catch(() => undefined);
    if (collector) result.diagnostics = { consoleErrors: [...collector.consoleErrors], failedRequests: [...collector.failedRequests] };
  }
  // Link checks need no browser; running them after closing the context frees Chromium sooner.
  if (result.status === "ok" && standard && targets.length > 0) {
    await attempt("link check", async () => {
      const summary = await checkLinks({ targets, cache: o.linkCache ?? new Map(), net, timeoutMs: Math.min(10_000, timeoutMs) });
      result.findings.push(...summary.findings);
    });
  }
  await net.close().catch(() => undefined);
  const refused = net.refusals();
  if (refused.total > 0) result.diagnostics.policyRefusals = refused;
  if (checkErrors.length > 0 && !result.error) result.error = { code: "CHECK_ERROR", message: checkErrors.join("; ").slice(0, 1000) };
  return result;
}
