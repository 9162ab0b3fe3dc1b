import type { FindingDraft, FindingRefs, Severity } from "../../types";
import { resultInfo, TEST_TOPICS } from "./results";
import type { ObservatoryTestResult } from "./types";

/** SiteLint's rule ids that predate the Observatory tests keep their meaning (and so their fingerprints). */
function ruleIdOf(r: ObservatoryTestResult): string {
  switch (r.test) {
    case "content-security-policy":
      if (r.result === "csp-not-implemented" || r.result === "csp-not-implemented-but-reporting-enabled") return "header-csp";
      if (r.result === "csp-implemented-with-unsafe-inline" || r.result === "csp-implemented-with-unsafe-eval") return "header-csp-unsafe";
      return "observatory-content-security-policy";
    case "strict-transport-security":
      return "header-hsts";
    case "x-content-type-options":
      return "header-x-content-type-options";
    case "x-frame-options":
      return "header-frame-options";
    case "referrer-policy":
      return "header-referrer-policy";
    case "mixed-content":
      return "mixed-content";
    case "cookie-prefixes":
      return "cookie-prefix";
    default:
      return `observatory-${r.test}`;
  }
}

/** Severity from the score modifier: ≤ -20 high, -10..-19 medium, -1..-9 low, 0 info; extensions by their impact. */
export function severityOf(r: ObservatoryTestResult): Severity {
  if (!r.scored) return r.result === "mixed-content-active" ? "medium" : r.result === "mixed-content-passive" || r.result === "cookie-prefixes-invalid" ? "low" : "info";
  const m = r.scoreModifier;
  return m <= -20 ? "high" : m <= -10 ? "medium" : m < 0 ? "low" : "info";
}

/** Response headers each test reads, copied into evidence. */
const HEADERS_OF: Partial<Record<ObservatoryTestResult["test"], string[]>> = {
  "content-security-policy": ["content-security-policy", "content-security-policy-report-only"],
  "strict-transport-security": ["strict-transport-security"],
  "x-content-type-options": ["x-content-type-options"],
  "x-frame-options": ["x-frame-options", "content-security-policy"],
  "referrer-policy": ["referrer-policy"],
  "cross-origin-resource-sharing": ["access-control-allow-origin", "access-control-allow-credentials"],
  "cross-origin-resource-policy": ["cross-origin-resource-policy"],
  "cross-origin-opener-policy": ["cross-origin-opener-policy"],
  "cross-origin-embedder-policy": ["cross-origin-embedder-policy"],
};

const clipJson = (v: unknown) => (JSON.stringify(v ?? null).length <= 4000 ? v : "(too large)");

/**
 * One finding per failed test (Observatory `pass: false`, or a passing result with a penalty such as
 * `csp-implemented-with-insecure-scheme-in-passive-content-only`): rule ids `header-csp` (no enforced CSP),
 * `header-csp-unsafe` (unsafe-inline / unsafe-eval), `header-hsts`, `header-x-content-type-options`,
 * `header-frame-options`, `header-referrer-policy`, else `observatory-<test>`; SiteLint's extensions `mixed-content`
 * and `cookie-prefix`. `refs.observatory` names the Observatory test; the description cites the result name and its
 * score modifier. Pure.
 * @param headers the document's headers (lower-case names), for evidence.
 */
export function observatoryFindings(results: readonly ObservatoryTestResult[], headers: Record<string, string | undefined> = {}): FindingDraft[] {
  return results
    .filter((r) => !r.pass || r.scoreModifier < 0)
    .map((r) => {
      const info = resultInfo(r.result);
      const cite = r.scored
        ? `MDN HTTP Observatory test \`${r.test}\`: result \`${r.result}\` (score modifier ${r.scoreModifier}).`
        : `SiteLint check \`${r.test}\` (beyond MDN HTTP Observatory, not scored): result \`${r.result}\`.`;
      const refs: FindingRefs | undefined = r.scored ? { observatory: [r.test] } : r.test === "mixed-content" ? { lighthouse: ["is-on-https"] } : undefined;
      const headerEvidence = Object.fromEntries((HEADERS_OF[r.test] ?? []).map((n) => [n, headers[n]?.slice(0, 500) ?? null]));
      return {
        ruleId: ruleIdOf(r),
        category: "security" as const,
        severity: severityOf(r),
        title: info?.title ?? info?.summary ?? r.result,
        description: `${info?.summary ?? ""} ${cite}`.trim(),
        // Session/CSRF cookie names and the registrable-domain test are heuristics (Observatory's and ours).
        confidence: r.test === "cookies" || r.test === "subresource-integrity" ? 0.85 : 0.95,
        suggestedFix: info?.fix,
        helpUrl: `https://developer.mozilla.org${TEST_TOPICS[r.test]}`,
        tags: r.scored ? ["mdn-observatory"] : ["sitelint-security"],
        sourceTool: "sitelint-headers",
        ...(refs ? { refs } : {}),
        evidence: { observatory: { test: r.test, result: r.result, pass: r.pass, score_modifier: r.scoreModifier }, ...headerEvidence, ...(r.data ? { data: clipJson(r.data) } : {}) },
      };
    });
}
