// Cases and expected results from MDN HTTP Observatory's own tests (test/csp.test.js, test/csp-parser.test.js at
// mdn/mdn-http-observatory 94042bb); `<meta>` contents are those of its test/files/test_parse_http_equiv_headers_*.html.
import { describe, expect, it } from "vitest";
import { CspSyntaxError, parseCspPolicies } from "../csp";
import { contentSecurityPolicyTest, type CspPolicyFlags } from "./csp-test";

const URL_ = "https://mozilla.org/";
const run = (header?: string, meta: string[] = [], reportOnly?: string) => contentSecurityPolicyTest({ url: URL_, header, meta, reportOnly });
const policy = (header: string) => run(header).data?.policy as CspPolicyFlags;
const META_CSP1 = "default-src 'none';";
const META_CSP2 = "default-src https:";
const META_MULTIPLE = [
  "default-src 'none'; object-src 'none'; media-src 'none';",
  "connect-src 'self'; font-src 'self'; child-src 'self'",
  "img-src 'self'; style-src 'self' 'nonce-gAeQO8jI4VJCsrsXkcUVRCzQjiihKteQ'",
  "script-src 'self' 'unsafe-inline' 'nonce-gAeQO8jI4VJCsrsXkcUVRCzQjiihKteQ'",
];

describe("parseCspPolicies (Observatory cspParser)", () => {
  const parsed = (p: string[]) => Object.fromEntries([...parseCspPolicies(p).directives].map(([k, v]) => [k, [...v].sort()]));

  it("intersects policies the way Observatory does", () => {
    expect(parsed(["default-src 'none'; script-src 'self' https://mozilla.org"])).toEqual({ "default-src": ["'none'"], "script-src": ["'self'", "https://mozilla.org"] });
    expect(parsed(["default-src 'none'; script-src 'self' https://mozilla.org", "default-src 'none'; script-src https://example.com 'self' https://mozilla.org"])).toEqual({ "default-src": ["'none'"], "script-src": ["'self'", "https://mozilla.org"] });
    expect(parsed(["default-src https://mozilla.org", "default-src https://mozilla.com"])).toEqual({ "default-src": ["'none'"] });
    expect(parsed([
      "default-src https://mozilla.org https://mozilla.net https://mozilla.com https://mozilla.io",
      "default-src https://mozilla.pizza https://mozilla.ninja https://mozilla.net https://mozilla.org",
      "default-src https://mozilla.net https://mozilla.fox https://mozilla.fire https://mozilla.org",
      "default-src https://mozilla.browser https://mozilla.web https://mozilla.net https://mozilla.org",
    ])).toEqual({ "default-src": ["https://mozilla.net", "https://mozilla.org"] });
    expect(parsed(["default-src https://mozilla.org/fire", "default-src https://mozilla.org/firefox/"])).toEqual({ "default-src": ["'none'"] });
    expect(parsed(["default-src https://mozilla.org/firefox/", "default-src https://mozilla.org/firefox/download/"])).toEqual({ "default-src": ["https://mozilla.org/firefox/download/"] });
    expect(parsed(["default-src https://mozilla.org/firefox/download/", "default-src https://mozilla.org/firefox/"])).toEqual({ "default-src": ["https://mozilla.org/firefox/download/"] });
    expect(parsed(["default-src http: http:", "default-src https: https:"])).toEqual({ "default-src": ["'none'"] });
  });

  it("rejects empty, short and repeated-directive policies; reports repeated report-uri/report-to", () => {
    for (const p of ["  ", "\r\n", "", "default-src 'none'; default-src 'none'", "default-src 'none'; img-src 'self'; default-src 'none'", "defa"]) {
      expect(() => parseCspPolicies([p]), JSON.stringify(p)).toThrow(CspSyntaxError);
    }
    expect([...parseCspPolicies(["report-uri https://www.dropbox.com/csp_log?policy_name=a ; report-uri https://www.dropbox.com/csp_log?policy_name=b"]).duplicates]).toEqual(["report-uri"]);
    expect([...parseCspPolicies(["report-to some_name ; report-to some_other_name"]).duplicates]).toEqual(["report-to"]);
  });
});

describe("contentSecurityPolicyTest (Observatory content-security-policy)", () => {
  it("missing, report-only and invalid policies", () => {
    expect(run()).toMatchObject({ test: "content-security-policy", result: "csp-not-implemented", pass: false, scoreModifier: -25, data: { numPolicies: 0 } });
    expect(run(undefined, [], "default-src 'none'; report-to /_/csp-reports")).toMatchObject({ result: "csp-not-implemented-but-reporting-enabled", scoreModifier: -25 });
    for (const v of ["  ", "", "default-src 'none'; default-src 'none'", "default-src 'none'; img-src 'self'; default-src 'none'", "default-src 'none'; script-src 'strict-dynamic'", "defa"]) {
      expect(run(v), v).toMatchObject({ result: "csp-header-invalid", pass: false, scoreModifier: -25, data: { numPolicies: 1 } });
    }
  });

  it("unsafe inline: unsafe sources or broad sources in script-src / object-src, or none set", () => {
    const values = [
      "default-src 'none'; script-src https://*", "default-src 'none'; script-src 'unsafe-inline'",
      "script-src 'unsafe-inline'", "script-src data:", "script-src http:", "script-src ftp:", "default-src 'unsafe-inline'", "default-src 'UNSAFE-INLINE'",
      "upgrade-insecure-requests", "script-src 'none'", "script-src https:", "script-src https://mozilla.org https:", "default-src https://mozilla.org https:",
      "default-src 'none'; script-src *", "default-src *; script-src *; object-src 'none'", "default-src 'none'; script-src 'none'; object-src *",
      "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'", "default-src 'none'; script-src 'unsafe-inline' http:", "object-src https:; script-src 'none'",
    ];
    for (const v of values) {
      const r = run(v);
      expect(r, v).toMatchObject({ result: "csp-implemented-with-unsafe-inline", pass: false, scoreModifier: -20 });
      expect((r.data?.policy as CspPolicyFlags).unsafeInline, v).toBe(true);
    }
  });

  it("insecure scheme (active), unsafe eval, insecure scheme in passive content only", () => {
    for (const v of ["default-src http://mozilla.org", "default-src 'none'; script-src http://mozilla.org", "default-src 'none'; script-src ftp://mozilla.org"]) {
      expect(run(v), v).toMatchObject({ result: "csp-implemented-with-insecure-scheme", pass: false, scoreModifier: -20 });
      expect(policy(v).insecureSchemeActive).toBe(true);
    }
    const ev = run("default-src 'none'; script-src 'unsafe-eval'");
    expect(ev).toMatchObject({ result: "csp-implemented-with-unsafe-eval", pass: false, scoreModifier: -10, data: { directives: { "script-src": ["'unsafe-eval'"] }, policy: { unsafeEval: true } } });
    const passive = [
      "default-src 'none'; img-src http://mozilla.org", "default-src 'self'; img-src ftp:", "default-src 'self'; img-src http:", "default-src 'none'; img-src https:; media-src http://mozilla.org",
      "default-src 'none'; img-src http: https:; script-src 'self'; style-src 'self'", "default-src 'none'; img-src 'none'; media-src http:; script-src 'self'; style-src 'self'",
      "default-src 'none'; img-src 'none'; media-src http:; script-src 'self'; style-src 'unsafe-inline'",
    ];
    for (const v of passive) expect(run(v), v).toMatchObject({ result: "csp-implemented-with-insecure-scheme-in-passive-content-only", pass: true, scoreModifier: -10, data: { policy: { insecureSchemePassive: true } } });
    // Over plain http the scheme rules do not apply.
    expect(contentSecurityPolicyTest({ url: "http://mozilla.org/", header: "default-src 'none'; img-src http://mozilla.org", meta: [] }).result).toBe("csp-implemented-with-no-unsafe-default-src-none");
  });

  it("unsafe inline in style-src only", () => {
    const values = [
      "object-src 'none'; script-src 'none'; style-src 'unsafe-inline'", "default-src 'none'; script-src https://mozilla.org; style-src 'unsafe-inline'",
      "default-src 'unsafe-inline'; script-src https://mozilla.org", "default-src 'none';;; ;;;style-src 'self' 'unsafe-inline'", "default-src 'none'; style-src data:",
      "default-src 'none'; style-src *", "default-src 'none'; style-src https:",
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB=' 'unsafe-inline'",
    ];
    for (const v of values) expect(run(v), v).toMatchObject({ result: "csp-implemented-with-unsafe-inline-in-style-src-only", pass: true, scoreModifier: 0, data: { policy: { unsafeInlineStyle: true } } });
  });

  it("no unsafe (nonces and hashes neutralise 'unsafe-inline'), default-src 'none', strict-dynamic", () => {
    const noUnsafe = [
      "default-src https://mozilla.org", "default-src https://mozilla.org;;; ;;;script-src 'none'", "object-src 'none'; script-src https://mozilla.org; style-src https://mozilla.org; upgrade-insecure-requests;",
      "object-src 'none'; script-src 'strict-dynamic' 'nonce-abc' 'unsafe-inline'; style-src 'none'", "object-src 'none'; style-src 'self';script-src 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBA='",
      "object-src 'none'; style-src 'self'; script-src 'unsafe-inline' 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBA=''sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB='",
      "object-src 'none'; script-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'; style-src 'none'", "default-src https://mozilla.org; style-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'",
      "default-src https://mozilla.org; style-src 'unsafe-inline' 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB=' 'unsafe-inline'",
    ];
    for (const v of noUnsafe) expect(run(v), v).toMatchObject({ result: "csp-implemented-with-no-unsafe", pass: true, scoreModifier: 5 });
    const none = ["default-src", "default-src 'none'; script-src 'strict-dynamic' 'nonce-abc123' 'unsafe-inline'", "default-src 'none'; script-src https://mozilla.org; style-src https://mozilla.org; upgrade-insecure-requests;", "default-src 'none'; object-src https://mozilla.org"];
    for (const v of none) expect(run(v), v).toMatchObject({ result: "csp-implemented-with-no-unsafe-default-src-none", pass: true, scoreModifier: 10, data: { numPolicies: 1, http: true, meta: false, policy: { defaultNone: true } } });
    for (const v of ["default-src 'none'; script-src 'strict-dynamic' 'nonce-abc123'", "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123'", "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123' https://*", "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123' 'unsafe-inline'"]) {
      expect(run(v), v).toMatchObject({ result: "csp-implemented-with-no-unsafe-default-src-none", data: { policy: { strictDynamic: true } } });
    }
  });

  it("header and <meta> policies together", () => {
    expect(run("default-src http:", [META_CSP2])).toMatchObject({ result: "csp-implemented-with-no-unsafe-default-src-none", pass: true, data: { numPolicies: 2, http: true, meta: true } });
    expect(run(undefined, [META_CSP1])).toMatchObject({ result: "csp-implemented-with-no-unsafe-default-src-none", data: { numPolicies: 1, http: false, meta: true } });
    expect(run(undefined, META_MULTIPLE)).toMatchObject({ result: "csp-implemented-with-no-unsafe-default-src-none", data: { numPolicies: 4, http: false, meta: true } });
    expect(run("default-src 'none'", [META_CSP1]).result).toBe("csp-implemented-with-no-unsafe-default-src-none");
    expect(run("default-src 'none'", [META_CSP2]).result).toBe("csp-implemented-with-no-unsafe-default-src-none");
    expect(run("img-src 'none'", [META_CSP1]).result).toBe("csp-implemented-with-no-unsafe-default-src-none");
    // frame-ancestors is not allowed in <meta>: alone it is no policy at all.
    expect(run(undefined, ["frame-ancestors 'none'"]).result).toBe("csp-not-implemented");
    expect(run("frame-anchestors 'none'", ["frame-ancestors 'none'"]).result).toBe("csp-implemented-with-unsafe-inline");
  });

  it("repeated fields are separate policies, enforced together", () => {
    const two = run("default-src 'none'; script-src 'self', default-src 'none'; script-src 'self'");
    expect(two).toMatchObject({ pass: true, data: { numPolicies: 2, directives: { "default-src": ["'none'"], "script-src": ["'self'"] } } });
    const three = run("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline', default-src 'none'; style-src 'self', default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'");
    expect(three).toMatchObject({ pass: true, data: { numPolicies: 3, policy: { unsafeInlineStyle: false }, directives: { "default-src": ["'none'"], "script-src": ["'self'"], "style-src": ["'self'"] } } });
  });

  it("policy analysis flags: clickjacking, base-uri, object-src, form-action", () => {
    for (const v of ["default-src 'none'", "frame-ancestors *", "frame-ancestors http:", "frame-ancestors https:"]) expect(policy(v).antiClickjacking, v).toBe(false);
    expect(policy("default-src *; frame-ancestors 'none'").antiClickjacking).toBe(true);
    for (const v of ["default-src 'none'; base-uri *; object-src *", "default-src 'none'; base-uri https:; object-src https:", "default-src *"]) expect(policy(v), v).toMatchObject({ insecureBaseUri: true, unsafeObjects: true });
    for (const v of ["default-src *; base-uri 'none'", "default-src 'none'; base-uri 'self'", "default-src 'none'; base-uri https://mozilla.org"]) expect(policy(v).insecureBaseUri, v).toBe(false);
    for (const v of ["default-src * http: https: data: 'unsafe-inline' 'unsafe-eval'", "default-src 'none'; img-src http:", "default-src 'none' https://mozilla.org; img-src http://mozilla.org", "default-src https:; media-src http://mozilla.org; script-src http:"]) {
      expect(policy(v).insecureSchemePassive, v).toBe(true);
    }
    for (const v of ["default-src *; form-action 'none'", "default-src *; form-action 'self'", "default-src 'none'; form-action 'self' https://mozilla.org", "form-action 'self' https://mozilla.org"]) expect(policy(v).insecureFormAction, v).toBe(false);
    for (const v of ["default-src *", "default-src 'none'", "form-action https:"]) expect(policy(v).insecureFormAction, v).toBe(true);
  });

  it("reports duplicate report-uri on a passing policy", () => {
    expect(run("default-src 'none'; report-uri /a; report-uri /b")).toMatchObject({ result: "csp-implemented-but-duplicate-directives", pass: true, scoreModifier: 0 });
  });
});
