import { describe, expect, it } from "vitest";
import { setCookieValues, toHeaderMap } from "../http-headers";
import { securityAudit, securityHeaderFindings } from "./security-headers";

const ids = (f: { ruleId: string }[]) => f.map((x) => x.ruleId).sort();
/** A hardened HTTPS response: every Observatory test passes (and earns its bonus). */
const GOOD = {
  "content-security-policy": "default-src 'none'; script-src 'self' 'nonce-abc' 'unsafe-inline'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

describe("securityAudit (MDN HTTP Observatory tests → findings and metrics)", () => {
  it("reports nothing for a hardened HTTPS page and scores it above 100 (A+)", () => {
    const { findings, metrics } = securityAudit({ url: "https://x.test/", headers: GOOD, scripts: [{ src: "/app.js", integrity: null, crossorigin: null }] });
    expect(findings).toEqual([]);
    // +10 CSP default-src 'none', +5 referrer, +5 frame-ancestors, +10 COOP, +10 CORP.
    expect(metrics).toMatchObject({ score: 140, grade: "A+" });
  });

  it("a bare HTTPS response: the old header-* rule ids, severities from the score modifiers, refs and citations", () => {
    const { findings, metrics } = securityAudit({ url: "https://x.test/", headers: {} });
    expect(Object.fromEntries(findings.map((f) => [f.ruleId, f.severity]))).toEqual({
      "header-csp": "high", // csp-not-implemented, -25
      "header-hsts": "high", // hsts-not-implemented, -20
      "header-x-content-type-options": "low", // -5
      "header-frame-options": "high", // x-frame-options-not-implemented, -20
    });
    // A missing Referrer-Policy passes in Observatory (browsers default to strict-origin-when-cross-origin).
    expect(ids(findings)).not.toContain("header-referrer-policy");
    for (const f of findings) {
      expect(f).toMatchObject({ category: "security", sourceTool: "sitelint-headers", tags: ["mdn-observatory"], refs: { observatory: [expect.any(String)] } });
      expect(f.description).toMatch(/MDN HTTP Observatory test `[a-z-]+`: result `[a-z-]+` \(score modifier -\d+\)/);
      expect(f.helpUrl).toMatch(/^https:\/\/developer\.mozilla\.org\/en-US\/docs\//);
    }
    expect(findings.find((f) => f.ruleId === "header-csp")).toMatchObject({ title: "No Content-Security-Policy", refs: { observatory: ["content-security-policy"] }, evidence: { observatory: { result: "csp-not-implemented", score_modifier: -25 } } });
    expect(metrics).toMatchObject({ score: 30, grade: "D" });
  });

  it("maps each CSP outcome to header-csp / header-csp-unsafe / observatory-content-security-policy", () => {
    const csp = (v: string, extra: Record<string, string> = {}) => securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "content-security-policy": v, ...extra } });
    expect(ids(csp("script-src 'self' 'unsafe-inline' https:; object-src 'none'; frame-ancestors 'self'"))).toEqual(["header-csp-unsafe"]);
    expect(csp("default-src 'self' 'unsafe-eval'; frame-ancestors 'self'")).toMatchObject([{ ruleId: "header-csp-unsafe", severity: "medium" }]);
    expect(csp("default-src 'self'; img-src http:; frame-ancestors 'self'")).toMatchObject([{ ruleId: "observatory-content-security-policy", severity: "medium", evidence: { observatory: { result: "csp-implemented-with-insecure-scheme-in-passive-content-only", pass: true } } }]);
    expect(csp("default-src 'self'; default-src 'none'", { "x-frame-options": "DENY" })).toMatchObject([{ ruleId: "observatory-content-security-policy", severity: "high", title: "Content-Security-Policy cannot be parsed" }]);
    const reportOnly = securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "content-security-policy": undefined as unknown as string, "content-security-policy-report-only": "default-src 'self'", "x-frame-options": "DENY" } });
    expect(reportOnly).toMatchObject([{ ruleId: "header-csp", severity: "high", title: "Content-Security-Policy is report-only" }]);
    // A <meta> CSP counts as a policy, but its frame-ancestors does not protect against framing.
    const meta = securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "content-security-policy": undefined as unknown as string }, metaCsp: ["default-src 'self'; frame-ancestors 'none'"] });
    expect(ids(meta)).toEqual(["header-frame-options"]);
  });

  it("HSTS over http, short max-age; referrer policies; other tests get observatory-<test> ids", () => {
    expect(securityHeaderFindings({ url: "http://x.test/", headers: GOOD })).toMatchObject([{ ruleId: "header-hsts", severity: "high", evidence: { observatory: { result: "hsts-not-implemented-no-https" } } }]);
    expect(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "strict-transport-security": "max-age=86400" } })).toMatchObject([{ ruleId: "header-hsts", severity: "medium", evidence: { data: { maxAge: 86400 } } }]);
    expect(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "referrer-policy": "no-referrer, unsafe-url" } })).toMatchObject([{ ruleId: "header-referrer-policy", severity: "low" }]);
    expect(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "referrer-policy": "unsafe-url" }, metaReferrer: ["same-origin"] })).toEqual([]);
    const others = securityHeaderFindings({
      url: "https://x.test/",
      headers: { ...GOOD, "cross-origin-opener-policy": "bogus", "cross-origin-resource-policy": "bogus", "set-cookie": "sessionid=1; Path=/; Secure" },
      scripts: [{ src: "http://cdn.other.test/x.js", integrity: null, crossorigin: null }],
    });
    expect(Object.fromEntries(others.map((f) => [f.ruleId, f.severity]))).toEqual({
      "observatory-cookies": "high", // cookies-session-without-httponly-flag, -30
      "observatory-cross-origin-opener-policy": "low",
      "observatory-cross-origin-resource-policy": "low",
      "observatory-subresource-integrity": "high", // -50
    });
  });

  it("mixed content and cookie prefixes are SiteLint extensions: findings, but no score", () => {
    const { findings, metrics } = securityAudit({
      url: "https://x.test/",
      headers: { ...GOOD, "set-cookie": "__Host-a=1; Path=/" },
      subresources: [{ url: "http://x.test/app.js", type: "script" }],
    });
    expect(findings.map((f) => [f.ruleId, f.severity, f.refs])).toEqual([
      ["mixed-content", "medium", { lighthouse: ["is-on-https"] }],
      ["cookie-prefix", "low", undefined],
    ]);
    expect(findings[0]?.description).toContain("not scored");
    expect(metrics.score).toBe(140);
  });

  it("keeps repeated header fields apart where it matters: Set-Cookie one per field, others joined", () => {
    const headers = toHeaderMap([
      { name: "Content-Security-Policy", value: "default-src *" },
      { name: "content-security-policy", value: "script-src 'self'; frame-ancestors 'none'" },
      { name: "Set-Cookie", value: "a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT" },
      { name: "Set-Cookie", value: "c=2" },
    ]);
    expect(headers["content-security-policy"]).toBe("default-src *, script-src 'self'; frame-ancestors 'none'");
    expect(setCookieValues(headers)).toEqual(["a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT", "c=2"]);
    const csp = securityAudit({ url: "https://x.test/", headers }).metrics.tests.find((t) => t.test === "content-security-policy");
    expect(csp).toMatchObject({ data: { numPolicies: 2 } });
  });
});
