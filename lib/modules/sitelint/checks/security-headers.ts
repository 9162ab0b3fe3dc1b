import type { HeaderMap } from "../http-headers";
import type { FindingDraft, Severity } from "../types";
import { cspScriptWeaknesses, hasFrameAncestors, parseCsp } from "./csp";

/** HSTS max-age below this (180 days, s) is "too short" — MDN HTTP Observatory's `strict-transport-security` test. */
export const HSTS_MIN_MAX_AGE_S = 15_552_000;

const MDN = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/";
const clip = (v: string | undefined) => (v === undefined ? null : v.slice(0, 500));

type Draft = { ruleId: string; severity: Severity; title: string; description: string; suggestedFix: string; header: string; confidence?: number; evidence?: Record<string, unknown> };

function finding(d: Draft): FindingDraft {
  return {
    ruleId: d.ruleId,
    category: "security",
    severity: d.severity,
    title: d.title,
    description: d.description,
    confidence: d.confidence ?? 0.95,
    suggestedFix: d.suggestedFix,
    helpUrl: MDN + d.header,
    tags: ["mdn-observatory"],
    sourceTool: "sitelint-headers",
    evidence: d.evidence,
  };
}

function cspFindings(headers: HeaderMap, metaCsp: string[]): FindingDraft[] {
  const header = headers["content-security-policy"];
  const policies = [header, ...metaCsp].filter((v): v is string => !!v).flatMap(parseCsp);
  if (policies.length === 0) {
    const reportOnly = headers["content-security-policy-report-only"];
    return [finding({
      ruleId: "header-csp", severity: "high", header: "Content-Security-Policy",
      title: "No Content-Security-Policy",
      description: `The page sets no enforced CSP, so an injected script runs with the page's full privileges (XSS).${reportOnly ? " A Report-Only policy is present but does not block anything." : ""}`,
      suggestedFix: "Send a Content-Security-Policy header, e.g. `default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'`, starting in Report-Only mode.",
      evidence: { "content-security-policy": null, "content-security-policy-report-only": clip(reportOnly) },
    })];
  }
  // Policies intersect: one policy that restricts scripts is enough, so judge the strictest.
  const weakest = policies.map(cspScriptWeaknesses).sort((a, b) => a.length - b.length)[0] ?? [];
  if (weakest.length === 0) return [];
  const onlyEval = weakest.every((r) => r.includes("'unsafe-eval'"));
  return [finding({
    ruleId: "header-csp-unsafe", severity: onlyEval ? "low" : "medium", header: "Content-Security-Policy", confidence: 0.85,
    title: "Content-Security-Policy does not restrict scripts",
    description: `The CSP is present but ${weakest.join("; ")}.`,
    suggestedFix: "Replace 'unsafe-inline' with nonces or hashes (plus 'strict-dynamic'), drop 'unsafe-eval' and wildcard/scheme-only script sources.",
    evidence: { "content-security-policy": clip(header), metaPolicies: metaCsp.map((m) => m.slice(0, 500)), reasons: weakest },
  })];
}

function hstsFindings(url: URL, headers: HeaderMap): FindingDraft[] {
  // Browsers ignore HSTS received over plain HTTP (RFC 6797 §8.1), so there is nothing to check there.
  if (url.protocol !== "https:") return [];
  const value = headers["strict-transport-security"];
  const maxAge = Number(/max-age\s*=\s*"?(\d+)"?/i.exec(value ?? "")?.[1] ?? NaN);
  const fix = "Send `Strict-Transport-Security: max-age=63072000; includeSubDomains` (two years) on every HTTPS response.";
  if (value === undefined || Number.isNaN(maxAge) || maxAge === 0) {
    return [finding({
      ruleId: "header-hsts", severity: "medium", header: "Strict-Transport-Security",
      title: value === undefined ? "No Strict-Transport-Security header" : "Strict-Transport-Security is invalid or disabled",
      description: "Without HSTS a first visit or a typed http:// URL can be downgraded and intercepted (SSL stripping).",
      suggestedFix: fix, evidence: { "strict-transport-security": clip(value) },
    })];
  }
  if (maxAge >= HSTS_MIN_MAX_AGE_S) return [];
  return [finding({
    ruleId: "header-hsts", severity: "low", header: "Strict-Transport-Security",
    title: "Strict-Transport-Security max-age is shorter than six months",
    description: `max-age=${maxAge} s is below ${HSTS_MIN_MAX_AGE_S} s (180 days), the minimum MDN HTTP Observatory accepts.`,
    suggestedFix: fix, evidence: { "strict-transport-security": clip(value), maxAgeSeconds: maxAge },
  })];
}

function firstToken(v: string | undefined): string | undefined {
  return v?.split(",")[0]?.trim().toLowerCase();
}

const REFERRER_POLICIES = new Set(["no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin", "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url"]);
const UNSAFE_REFERRER = new Set(["unsafe-url", "no-referrer-when-downgrade"]);

function referrerFindings(headers: HeaderMap): FindingDraft[] {
  const value = headers["referrer-policy"];
  // Referrer Policy §11.1: the last recognised token of a comma list wins (older browsers skip unknown ones).
  const policy = value?.split(",").map((t) => t.trim().toLowerCase()).filter((t) => REFERRER_POLICIES.has(t)).at(-1);
  const fix = "Send `Referrer-Policy: strict-origin-when-cross-origin` (or `no-referrer`/`same-origin` for sensitive pages).";
  if (!policy) {
    return [finding({
      ruleId: "header-referrer-policy", severity: "info", header: "Referrer-Policy", confidence: 0.6,
      title: "No valid Referrer-Policy header",
      description: "Current browsers default to strict-origin-when-cross-origin, but older ones leak full URLs (paths, query tokens) to other sites.",
      suggestedFix: fix, evidence: { "referrer-policy": clip(value) },
    })];
  }
  if (!UNSAFE_REFERRER.has(policy)) return [];
  return [finding({
    ruleId: "header-referrer-policy", severity: "low", header: "Referrer-Policy",
    title: `Referrer-Policy "${policy}" leaks full URLs`,
    description: `"${policy}" sends the full URL (path and query) to other origins${policy === "unsafe-url" ? ", even from HTTPS to HTTP" : ""}.`,
    suggestedFix: fix, evidence: { "referrer-policy": clip(value) },
  })];
}

/**
 * Security-header findings for a main document, after MDN HTTP Observatory's tests
 * (https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring):
 * `header-csp` (no CSP, high) / `header-csp-unsafe` (CSP that lets scripts run), `header-hsts` (HTTPS only: missing,
 * invalid or max-age < {@link HSTS_MIN_MAX_AGE_S}), `header-x-content-type-options` (not `nosniff`),
 * `header-frame-options` (neither `X-Frame-Options: DENY|SAMEORIGIN` nor CSP `frame-ancestors`),
 * `header-referrer-policy` (missing → info; `unsafe-url`/`no-referrer-when-downgrade` → low).
 *
 * @param url final URL of the document (its scheme decides whether HSTS applies).
 * @param headers the document response's headers (lower-case names, see `toHeaderMap`).
 * @param metaCsp `<meta http-equiv="Content-Security-Policy">` contents; they count as a CSP but cannot set
 *   `frame-ancestors` (CSP Level 3 §6.1), so they never satisfy the clickjacking test.
 * Pure; never throws for a valid URL.
 */
export function securityHeaderFindings({ url, headers, metaCsp = [] }: { url: string | URL; headers: HeaderMap; metaCsp?: string[] }): FindingDraft[] {
  const u = typeof url === "string" ? new URL(url) : url;
  const out = [...cspFindings(headers, metaCsp), ...hstsFindings(u, headers)];
  const xcto = headers["x-content-type-options"];
  if (firstToken(xcto) !== "nosniff") {
    out.push(finding({
      ruleId: "header-x-content-type-options", severity: "low", header: "X-Content-Type-Options",
      title: "X-Content-Type-Options is not nosniff",
      description: "Browsers may MIME-sniff responses and execute, e.g., an uploaded text file as script or stylesheet.",
      suggestedFix: "Send `X-Content-Type-Options: nosniff` on every response.", evidence: { "x-content-type-options": clip(xcto) },
    }));
  }
  const xfo = headers["x-frame-options"];
  const xfoOk = firstToken(xfo) === "deny" || firstToken(xfo) === "sameorigin";
  if (!xfoOk && !hasFrameAncestors(parseCsp(headers["content-security-policy"] ?? ""))) {
    out.push(finding({
      ruleId: "header-frame-options", severity: "medium", header: "X-Frame-Options",
      title: "Page can be framed by any site (clickjacking)",
      description: "Neither X-Frame-Options (DENY/SAMEORIGIN) nor a CSP frame-ancestors directive restricts who may embed this page.",
      suggestedFix: "Add `frame-ancestors 'self'` (or 'none') to the CSP header, and `X-Frame-Options: SAMEORIGIN` for old browsers.",
      evidence: { "x-frame-options": clip(xfo), "content-security-policy": clip(headers["content-security-policy"]) },
    }));
  }
  return [...out, ...referrerFindings(headers)];
}
