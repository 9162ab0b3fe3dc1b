import { z } from "zod";

/**
 * The tests of MDN HTTP Observatory (algorithm version 6, `src/constants.js` `ALL_TESTS`), by the names Observatory
 * gives them. `redirection` is a site-level test (see `redirectionTest`); the rest run on each audited document.
 */
export const OBSERVATORY_TESTS = [
  "content-security-policy",
  "cookies",
  "cross-origin-embedder-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-sharing",
  "redirection",
  "referrer-policy",
  "strict-transport-security",
  "subresource-integrity",
  "x-content-type-options",
  "x-frame-options",
  "cross-origin-resource-policy",
] as const;
export type ObservatoryTestName = (typeof OBSERVATORY_TESTS)[number];

/** SiteLint's own tests in the same shape, never part of the Observatory score (`scored: false`). */
export const EXTENSION_TESTS = ["mixed-content", "cookie-prefixes"] as const;
export type ExtensionTestName = (typeof EXTENSION_TESTS)[number];

export const ObservatoryTestResult = z.object({
  test: z.enum([...OBSERVATORY_TESTS, ...EXTENSION_TESTS]),
  /** Observatory's result name (`csp-implemented-with-unsafe-inline`, `hsts-not-implemented`, …). */
  result: z.string(),
  /** Observatory's pass/fail for the result (a passing result may still carry a negative modifier). */
  pass: z.boolean(),
  /** Points the result adds to (bonus) or takes from (penalty) the baseline 100. */
  scoreModifier: z.number().int(),
  /** False for SiteLint's extension tests, which the score ignores. */
  scored: z.boolean(),
  /** Bounded details: header values, parsed policy flags, offending URLs. */
  data: z.record(z.string(), z.unknown()).optional(),
});
/** One test's outcome for one document (or, for `redirection`, one site). */
export type ObservatoryTestResult = z.infer<typeof ObservatoryTestResult>;

export const GRADES = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"] as const;
export const Grade = z.enum(GRADES);
export type Grade = z.infer<typeof Grade>;

/** `PageAuditResult.metrics.security` (and `scan_pages.metrics.security`): a document's score without `redirection`. */
export const SecurityMetrics = z.object({ score: z.number().int().min(0), grade: Grade, tests: z.array(ObservatoryTestResult) });
export type SecurityMetrics = z.infer<typeof SecurityMetrics>;

/** A `<script>` element of the document as written in the HTML the server sent (attributes verbatim, null when absent). */
export type ScriptTag = { src: string | null; integrity: string | null; crossorigin: string | null };

/** A subresource the page requested (browser `request` event) or references in its DOM. */
export type Subresource = { url: string; type: string };

/**
 * Everything the per-document tests read about one audited document.
 * `headers`: the document response's headers (lower-case names, repeated fields joined, see `toHeaderMap`).
 */
export type ObservatoryDocument = {
  /** Final URL of the document (after redirects); its scheme decides HSTS, insecure-scheme and mixed-content rules. */
  url: string;
  headers: Record<string, string>;
  /** `Set-Cookie` values of the document response, one per header field. */
  setCookies: string[];
  /** `<meta http-equiv="Content-Security-Policy">` contents. */
  metaCsp: string[];
  /** `<meta name="referrer">` contents (Observatory treats them like a Referrer-Policy header placed after it). */
  metaReferrer: string[];
  /** Scripts of the served HTML; empty for non-HTML documents. */
  scripts: ScriptTag[];
  /** Subresources requested or referenced over the network (for mixed content on https pages). */
  subresources: Subresource[];
};
