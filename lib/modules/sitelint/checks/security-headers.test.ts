import { describe, expect, it } from "vitest";
import { toHeaderMap } from "../http-headers";
import { securityHeaderFindings } from "./security-headers";

const ids = (f: { ruleId: string }[]) => f.map((x) => x.ruleId).sort();
const GOOD = {
  "content-security-policy": "default-src 'self'; script-src 'self' 'nonce-abc' 'unsafe-inline'; frame-ancestors 'none'",
  "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};
const without = (name: keyof typeof GOOD): Record<string, string> => Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== name));

describe("securityHeaderFindings (MDN HTTP Observatory tests)", () => {
  it("reports nothing for a well-configured HTTPS page (nonce neutralises 'unsafe-inline')", () => {
    expect(securityHeaderFindings({ url: "https://x.test/", headers: GOOD })).toEqual([]);
  });

  it("reports every missing header on a bare HTTPS response, with severities", () => {
    const f = securityHeaderFindings({ url: "https://x.test/", headers: {} });
    expect(ids(f)).toEqual(["header-csp", "header-frame-options", "header-hsts", "header-referrer-policy", "header-x-content-type-options"]);
    const sev = Object.fromEntries(f.map((x) => [x.ruleId, x.severity]));
    expect(sev).toEqual({
      "header-csp": "high",
      "header-hsts": "medium",
      "header-x-content-type-options": "low",
      "header-frame-options": "medium",
      "header-referrer-policy": "info",
    });
    expect(f.every((x) => x.category === "security" && x.sourceTool === "sitelint-headers" && x.helpUrl?.startsWith("https://developer.mozilla.org/"))).toBe(true);
  });

  it("skips HSTS on http and flags a short max-age on https", () => {
    expect(ids(securityHeaderFindings({ url: "http://x.test/", headers: { ...GOOD, "strict-transport-security": "" } }))).toEqual([]);
    const short = securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "strict-transport-security": "max-age=86400" } });
    expect(short).toMatchObject([{ ruleId: "header-hsts", severity: "low", evidence: { maxAgeSeconds: 86400 } }]);
    const zero = securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "strict-transport-security": "max-age=0" } });
    expect(zero).toMatchObject([{ ruleId: "header-hsts", severity: "medium" }]);
  });

  it("accepts X-Frame-Options instead of frame-ancestors, but not ALLOW-FROM or frame-ancestors *", () => {
    const csp = "default-src 'self'";
    expect(ids(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "content-security-policy": csp, "x-frame-options": "SAMEORIGIN" } }))).toEqual([]);
    expect(ids(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "content-security-policy": csp, "x-frame-options": "ALLOW-FROM https://a.test" } }))).toEqual(["header-frame-options"]);
    expect(ids(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "content-security-policy": "default-src 'self'; frame-ancestors *" } }))).toEqual(["header-frame-options"]);
  });

  it("flags unsafe referrer policies using the last recognised token", () => {
    const f = securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "referrer-policy": "no-referrer, unsafe-url" } });
    expect(f).toMatchObject([{ ruleId: "header-referrer-policy", severity: "low" }]);
    expect(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "referrer-policy": "unsafe-url, bogus, same-origin" } })).toEqual([]);
    expect(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "referrer-policy": "no-referrer-when-downgrade" } })).toHaveLength(1);
  });

  it("flags X-Content-Type-Options other than nosniff", () => {
    expect(ids(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "x-content-type-options": "sniff" } }))).toEqual(["header-x-content-type-options"]);
    expect(securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "x-content-type-options": " NoSniff " } })).toEqual([]);
  });

  it("separates a weak CSP from a missing one, and counts a meta CSP but not for framing", () => {
    const weak = securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "content-security-policy": "script-src 'self' 'unsafe-inline' https:; frame-ancestors 'self'" } });
    expect(weak).toMatchObject([{ ruleId: "header-csp-unsafe", severity: "medium" }]);
    expect((weak[0]?.evidence?.reasons as string[]).join(" ")).toMatch(/unsafe-inline.*https:/);
    const evalOnly = securityHeaderFindings({ url: "https://x.test/", headers: { ...GOOD, "content-security-policy": "default-src 'self' 'unsafe-eval'; frame-ancestors 'self'" } });
    expect(evalOnly).toMatchObject([{ ruleId: "header-csp-unsafe", severity: "low" }]);
    const reportOnly = securityHeaderFindings({ url: "https://x.test/", headers: { ...without("content-security-policy"), "content-security-policy-report-only": "default-src 'self'", "x-frame-options": "DENY" } });
    expect(reportOnly).toMatchObject([{ ruleId: "header-csp", severity: "high" }]);
    const meta = securityHeaderFindings({ url: "https://x.test/", headers: without("content-security-policy"), metaCsp: ["default-src 'self'; frame-ancestors 'none'"] });
    expect(ids(meta)).toEqual(["header-frame-options"]);
  });

  it("joins repeated header fields (two CSP headers = two policies; the strictest decides)", () => {
    const headers = toHeaderMap([
      { name: "Content-Security-Policy", value: "default-src *" },
      { name: "content-security-policy", value: "script-src 'self'; frame-ancestors 'none'" },
      { name: "Set-Cookie", value: "a=1, b" },
      { name: "Set-Cookie", value: "c=2" },
    ]);
    expect(headers["content-security-policy"]).toBe("default-src *, script-src 'self'; frame-ancestors 'none'");
    expect(headers["set-cookie"]).toBe("a=1, b\nc=2");
    expect(ids(securityHeaderFindings({ url: "http://x.test/", headers: { ...GOOD, ...headers } }))).toEqual([]);
  });
});
