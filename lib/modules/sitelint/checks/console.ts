import type { ConsoleMessage, Page, Request, Response } from "playwright-core";
import { proxyNetError } from "@/lib/net/policy-proxy";
import type { FindingDraft } from "../types";

const KEEP = 50;
const POLICY_BLOCKED = "blocked by URL policy (SITELINT_URL_ALLOWLIST/DENYLIST)";
const REPORT = 10;

/** Lighthouse 13 audit covering both findings: it lists every error-level console entry — `console.error`, uncaught
 * exceptions and the browser's own errors, "Failed to load resource" network errors included. */
const lighthouseRefs = () => ({ lighthouse: ["errors-in-console"] });

/** Console and network diagnostics gathered while a page loads. */
export type ConsoleCollector = {
  consoleErrors: string[];
  failedRequests: { url: string; error: string }[];
  /** `console-error` and `failed-request` findings (one each at most, listing up to 10 entries; `refs.lighthouse`
   * `errors-in-console`, which counts both kinds as console errors). */
  findings(): FindingDraft[];
  /** Remove the listeners (a page reused for the next audit must not feed this one). */
  detach(): void;
};

const push = <T>(list: T[], item: T) => {
  // Bounded: a page logging in a loop must not grow the result without limit.
  if (list.length < KEEP) list.push(item);
};

/**
 * Attach console/network listeners to `page`; call before `page.goto` so load-time errors are caught.
 * Collects `console.error` messages and uncaught exceptions (`pageerror`), failed requests (`requestfailed`) and
 * subresource/iframe responses ≥ 400 (the main document's status is the `http-status` finding instead).
 *
 * @param isPolicyBlocked true for URLs whose connection the policy proxy refused (a tunnel refused, or its block page
 *   answered): kept in diagnostics, not reported as the site's failures.
 */
export function attachConsoleCollector(page: Page, isPolicyBlocked: (url: string) => boolean = () => false): ConsoleCollector {
  const consoleErrors: string[] = [];
  const failedRequests: { url: string; error: string }[] = [];
  const siteFailures: { url: string; error: string }[] = [];
  let exceptions = 0;
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() !== "error") return;
    const loc = m.location();
    push(consoleErrors, `${m.text().slice(0, 500)}${loc.url ? ` (${loc.url}:${loc.lineNumber + 1})` : ""}`);
  };
  // Uncaught exceptions and unhandled promise rejections (CDP Runtime.exceptionThrown); Chrome logs no console entry for them.
  const onPageError = (e: Error) => {
    exceptions += 1;
    push(consoleErrors, `Uncaught ${e.name}: ${e.message}`.slice(0, 500));
  };
  const onRequestFailed = (r: Request) => {
    const blocked = isPolicyBlocked(r.url());
    const entry = { url: r.url().slice(0, 500), error: blocked ? POLICY_BLOCKED : (r.failure()?.errorText ?? "failed") };
    push(failedRequests, entry);
    if (!blocked) push(siteFailures, entry);
  };
  const onResponse = (r: Response) => {
    if (r.status() < 400) return;
    const req = r.request();
    if (req.isNavigationRequest() && r.frame() === page.mainFrame()) return;
    const blocked = isPolicyBlocked(r.url());
    // The policy proxy answers an unreachable plain-HTTP target itself; report the network error, not its 502.
    const entry = { url: r.url().slice(0, 500), error: blocked ? POLICY_BLOCKED : (proxyNetError(r.headers(), r.status()) ?? `HTTP ${r.status()}`) };
    push(failedRequests, entry);
    if (!blocked) push(siteFailures, entry);
  };
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  page.on("requestfailed", onRequestFailed);
  page.on("response", onResponse);
  return {
    consoleErrors,
    failedRequests,
    detach() {
      page.off("console", onConsole);
      page.off("pageerror", onPageError);
      page.off("requestfailed", onRequestFailed);
      page.off("response", onResponse);
    },
    findings() {
      const out: FindingDraft[] = [];
      // Chrome also logs every failed subresource as "Failed to load resource"; the failed-request finding covers those.
      const errors = consoleErrors.filter((m) => !m.startsWith("Failed to load resource"));
      if (errors.length > 0) {
        out.push({
          ruleId: "console-error", category: "console", severity: "low", confidence: 0.8, tags: ["console"], sourceTool: "sitelint-console",
          title: `${errors.length}${errors.length >= KEEP ? "+" : ""} JavaScript error(s) logged while loading`,
          description: "Errors in the console usually mean broken functionality for some users (Lighthouse `errors-in-console`).",
          suggestedFix: "Open the page with DevTools and fix the listed errors.",
          helpUrl: "https://developer.chrome.com/docs/lighthouse/best-practices/errors-in-console",
          refs: lighthouseRefs(),
          evidence: { messages: errors.slice(0, REPORT), total: errors.length, uncaughtExceptions: exceptions },
        });
      }
      if (siteFailures.length > 0) {
        out.push({
          ruleId: "failed-request", category: "console", severity: "low", confidence: 0.8, tags: ["network"], sourceTool: "sitelint-console",
          title: `${siteFailures.length}${siteFailures.length >= KEEP ? "+" : ""} resource request(s) failed`,
          description: "Subresources (scripts, styles, images, frames, XHR) failed to load or answered with an error status (Chrome logs each as a console error, which Lighthouse `errors-in-console` counts).",
          suggestedFix: "Fix or remove the references to the listed resources.",
          helpUrl: "https://developer.chrome.com/docs/lighthouse/best-practices/errors-in-console",
          refs: lighthouseRefs(),
          evidence: { requests: siteFailures.slice(0, REPORT), total: siteFailures.length },
        });
      }
      return out;
    },
  };
}
