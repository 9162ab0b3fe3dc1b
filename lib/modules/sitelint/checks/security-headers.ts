import { setCookieValues, type HeaderMap } from "../http-headers";
import type { FindingDraft } from "../types";
import { runObservatoryTests } from "./observatory/run-tests";
import { observatoryFindings } from "./observatory/to-findings";
import type { ScriptTag, SecurityMetrics, Subresource } from "./observatory/types";

export type SecurityAuditInput = {
  /** Final URL of the document (its scheme decides HSTS, insecure-scheme and mixed-content rules). */
  url: string | URL;
  /** The document response's headers (lower-case names, see `toHeaderMap`); `set-cookie` fields joined with "\n". */
  headers: HeaderMap;
  /** `<meta http-equiv="Content-Security-Policy">` contents: they count as a CSP but cannot set `frame-ancestors`. */
  metaCsp?: string[];
  /** `<meta name="referrer">` contents. */
  metaReferrer?: string[];
  /** `<script>` elements of the served HTML (none for non-HTML documents). */
  scripts?: ScriptTag[];
  /** Insecure (`http:`/`ws:`) subresources requested or referenced, for mixed content. */
  subresources?: Subresource[];
};

/**
 * Security audit of one document after MDN HTTP Observatory's tests and scoring
 * (https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring, algorithm version 6): every per-document
 * test (`content-security-policy`, `cookies`, `cross-origin-embedder-policy`, `cross-origin-opener-policy`,
 * `cross-origin-resource-sharing`, `referrer-policy`, `strict-transport-security`, `subresource-integrity`,
 * `x-content-type-options`, `x-frame-options`, `cross-origin-resource-policy`) plus SiteLint's unscored
 * `mixed-content` and `cookie-prefixes`. The site-level `redirection` test runs once per scan (`redirectionTest`).
 *
 * @returns `findings` — one per failed test (see `observatoryFindings`) — and `metrics` — `{ score, grade, tests }` for
 *   `PageAuditResult.metrics.security` (score without `redirection`; bonuses only when the penalties leave ≥ 90).
 * Pure; throws only for an invalid URL.
 */
export function securityAudit(input: SecurityAuditInput): { findings: FindingDraft[]; metrics: SecurityMetrics } {
  const url = typeof input.url === "string" ? new URL(input.url) : input.url;
  const metrics = runObservatoryTests({
    url: url.toString(),
    headers: input.headers,
    setCookies: setCookieValues(input.headers),
    metaCsp: input.metaCsp ?? [],
    metaReferrer: input.metaReferrer ?? [],
    scripts: input.scripts ?? [],
    subresources: input.subresources ?? [],
  });
  return { findings: observatoryFindings(metrics.tests, input.headers), metrics };
}

/** The findings of {@link securityAudit} alone. */
export function securityHeaderFindings(input: SecurityAuditInput): FindingDraft[] {
  return securityAudit(input).findings;
}
