import { errors, type Browser, type BrowserContext, type Page, type Request, type Response } from "playwright-core";
import { getEnv } from "@/lib/env";
import type { ObjectStore } from "@/lib/object-store/types";
import type { UrlPolicy } from "@/lib/runtime/policy/url-policy";
import { runAccessibilityChecks } from "./checks/accessibility";
import { attachConsoleCollector } from "./checks/console";
import { checkLinks, type LinkCache, type LinkTarget } from "./checks/links";
import { securityHeaderFindings } from "./checks/security-headers";
import { httpStatusFinding, seoFindings } from "./checks/seo";
import { readSeoSignals } from "./checks/seo-signals";
import { classifyPageError, type PageErrorCode } from "./classify-page-error";
import { extractLinks } from "./extract-links";
import { toHeaderMap } from "./http-headers";
import { guardRequests, type RequestGuard } from "./request-guard";
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
  urlPolicy: UrlPolicy;
};

/** A page problem found after navigation started (policy refusal, missing response). */
class PageFailure extends Error {
  constructor(readonly code: PageErrorCode, message: string) {
    super(message);
  }
}

async function verifyDocumentChain(response: Response, guard: RequestGuard): Promise<void> {
  // Playwright does not route redirect hops, so check them now, before anything of the page is kept.
  for (let req: Request | null = response.request(); req; req = req.redirectedFrom()) {
    if (!(await guard.isAllowed(req.url()))) throw new PageFailure("URL_NOT_ALLOWED", `A redirect led to ${new URL(req.url()).host}, which the URL policy refuses.`);
  }
}

async function dropForbiddenFrames(page: Page, guard: RequestGuard): Promise<void> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || !/^https?:/.test(frame.url()) || (await guard.isAllowed(frame.url()))) continue;
    // An iframe redirected to a refused host must not end up in the screenshot or the findings.
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
 * not ignored, URL policy enforced on the browser's requests), `goto` until `load`, viewport PNG screenshot into the
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
  let guard: RequestGuard | undefined;
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
    context = await o.browser.newContext({ ...viewportContextOptions(o.viewport, o.browser.version()), ignoreHTTPSErrors: false });
    guard = await guardRequests(context, o.urlPolicy);
    // Route interception never sees file:, chrome: or view-source: navigations, so refuse those up front.
    if (!/^https?:/i.test(o.url) || !(await guard.isAllowed(o.url))) throw new PageFailure("URL_NOT_ALLOWED", "The URL policy refuses this page's URL (SITELINT_URL_ALLOWLIST/DENYLIST, http(s) only).");
    const page = await context.newPage();
    collector = attachConsoleCollector(page, guard.wasBlocked);
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
    await verifyDocumentChain(response, guard);
    result.finalUrl = page.url();
    result.httpStatus = response.status();
    const headers = toHeaderMap(await response.headersArray());
    result.loadMs = await loadTimeMs(page, startedAt);
    result.title = (await page.title()) || undefined;
    await dropForbiddenFrames(page, guard);
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
        : classifyPageError(e, { blockedByPolicy: guard ? !(await guard.isAllowed(o.url)) : false });
  } finally {
    clearTimeout(deadline);
    await context?.close().catch(() => undefined);
    if (collector) result.diagnostics = { consoleErrors: [...collector.consoleErrors], failedRequests: [...collector.failedRequests] };
  }
  // Link checks need no browser; running them after closing the context frees Chromium sooner.
  if (result.status === "ok" && standard && targets.length > 0) {
    await attempt("link check", async () => {
      const summary = await checkLinks({ targets, cache: o.linkCache ?? new Map(), policy: o.urlPolicy, timeoutMs: Math.min(10_000, timeoutMs) });
      result.findings.push(...summary.findings);
    });
  }
  if (checkErrors.length > 0 && !result.error) result.error = { code: "CHECK_ERROR", message: checkErrors.join("; ").slice(0, 1000) };
  return result;
}
