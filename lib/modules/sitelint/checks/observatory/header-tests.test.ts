// Cases and expected results from MDN HTTP Observatory's own tests (test/*.test.js at mdn/mdn-http-observatory
// 94042bb): same header strings, same result names, and the score modifiers of src/grader/charts.js.
import { describe, expect, it } from "vitest";
import { toHeaderMap } from "../../http-headers";
import { cookiePrefixTest, cookiesTest } from "./cookies-test";
import { contentSecurityPolicyTest } from "./csp-test";
import { corsTest, crossOriginEmbedderPolicyTest, crossOriginOpenerPolicyTest, crossOriginResourcePolicyTest, referrerPolicyTest, xContentTypeOptionsTest, xFrameOptionsTest } from "./header-tests";
import { siteOf, subresourceIntegrityTest } from "./sri-test";
import { mixedContentTest, strictTransportSecurityTest } from "./transport-tests";

const URL_ = "https://mozilla.org/";
/** Repeated header fields, folded the way the audit folds a real response's `headersArray()`. */
const fields = (name: string, ...values: string[]) => toHeaderMap(values.map((value) => ({ name, value })));

describe("x-content-type-options", () => {
  it("missing, invalid, nosniff", () => {
    expect(xContentTypeOptionsTest({})).toMatchObject({ result: "x-content-type-options-not-implemented", pass: false, scoreModifier: -5 });
    for (const v of ["whimsy", "nosniff, nosniff"]) expect(xContentTypeOptionsTest({ "x-content-type-options": v })).toMatchObject({ result: "x-content-type-options-header-invalid", pass: false, scoreModifier: -5 });
    expect(xContentTypeOptionsTest(fields("X-Content-Type-Options", "nosniff", "nosniff")).result).toBe("x-content-type-options-header-invalid");
    for (const v of ["nosniff", "nosniff "]) expect(xContentTypeOptionsTest({ "x-content-type-options": v })).toMatchObject({ result: "x-content-type-options-nosniff", pass: true, scoreModifier: 0 });
  });
});

describe("x-frame-options", () => {
  const noCsp = contentSecurityPolicyTest({ url: URL_, meta: [] });
  const xfo = (v: string | undefined, csp = noCsp) => xFrameOptionsTest(v === undefined ? {} : { "x-frame-options": v }, csp);
  it("missing, invalid, allow-from, deny/sameorigin, via CSP", () => {
    expect(xfo(undefined)).toMatchObject({ result: "x-frame-options-not-implemented", pass: false, scoreModifier: -20 });
    for (const v of ["whimsy", "SAMEORIGIN, SAMEORIGIN"]) expect(xfo(v)).toMatchObject({ result: "x-frame-options-header-invalid", pass: false, scoreModifier: -20 });
    expect(xfo("ALLOW-FROM https://mozilla.org")).toMatchObject({ result: "x-frame-options-allow-from-origin", pass: true, scoreModifier: 0 });
    for (const v of ["DENY", "SAMEORIGIN"]) expect(xfo(v)).toMatchObject({ result: "x-frame-options-sameorigin-or-deny", pass: true, scoreModifier: 5 });
    const viaCsp = contentSecurityPolicyTest({ url: URL_, header: "frame-ancestors https://mozilla.org", meta: [] });
    expect(xfo("DENY", viaCsp)).toMatchObject({ result: "x-frame-options-implemented-via-csp", pass: true, scoreModifier: 5 });
  });
  it("ignores X-Frame-Options in <meta> and frame-ancestors in a <meta> CSP", () => {
    // Observatory's test_parse_http_equiv_headers_x_frame_options.html: only a <meta http-equiv="X-Frame-Options">.
    expect(xfo(undefined).result).toBe("x-frame-options-not-implemented");
    expect(xfo(undefined, contentSecurityPolicyTest({ url: URL_, meta: ["frame-ancestors 'none'"] })).result).toBe("x-frame-options-not-implemented");
  });
});

describe("referrer-policy", () => {
  it("private, meta precedence, missing, invalid, unsafe, last valid token wins", () => {
    for (const v of ["no-referrer", "same-origin", "strict-origin", "STRICT-ORIGIN", "strict-origin-when-cross-origin"]) {
      expect(referrerPolicyTest({ "referrer-policy": v })).toMatchObject({ result: "referrer-policy-private", pass: true, scoreModifier: 5, data: { http: true, meta: false } });
    }
    expect(referrerPolicyTest({}, ["no-referrer, same-origin"])).toMatchObject({ result: "referrer-policy-private", data: { header: "no-referrer, same-origin", http: false, meta: true } });
    expect(referrerPolicyTest({ "referrer-policy": "unsafe-url" }, ["no-referrer, same-origin"])).toMatchObject({ result: "referrer-policy-private", data: { header: "unsafe-url, no-referrer, same-origin", http: true, meta: true } });
    expect(referrerPolicyTest({})).toMatchObject({ result: "referrer-policy-not-implemented", pass: true, scoreModifier: 0 });
    expect(referrerPolicyTest({ "referrer-policy": "whimsy" })).toMatchObject({ result: "referrer-policy-header-invalid", pass: false, scoreModifier: -5 });
    for (const v of ["origin", "origin-when-cross-origin", "unsafe-url", "origin-when-cross-origin, no-referrer, unsafe-url", "no-referrer, unsafe-url"]) {
      expect(referrerPolicyTest({ "referrer-policy": v }), v).toMatchObject({ result: "referrer-policy-unsafe", pass: false, scoreModifier: -5 });
    }
    expect(referrerPolicyTest({ "referrer-policy": "no-referrer, whimsy" }).result).toBe("referrer-policy-private");
    expect(referrerPolicyTest({ "referrer-policy": "whimsy, whimsy1, whimsy2" }).result).toBe("referrer-policy-header-invalid");
  });
});

describe("cross-origin-resource-policy / opener / embedder", () => {
  it("CORP", () => {
    expect(crossOriginResourcePolicyTest({})).toMatchObject({ result: "corp-not-implemented", pass: true, scoreModifier: 0 });
    expect(crossOriginResourcePolicyTest({ "cross-origin-resource-policy": "whimsy" })).toMatchObject({ result: "corp-header-invalid", pass: false, scoreModifier: -5 });
    expect(crossOriginResourcePolicyTest({ "cross-origin-resource-policy": "same-site" })).toMatchObject({ result: "corp-implemented-with-same-site", pass: true, scoreModifier: 10 });
    expect(crossOriginResourcePolicyTest({ "cross-origin-resource-policy": "same-origin" })).toMatchObject({ result: "corp-implemented-with-same-origin", scoreModifier: 10 });
    expect(crossOriginResourcePolicyTest({ "cross-origin-resource-policy": "cross-origin" })).toMatchObject({ result: "corp-implemented-with-cross-origin", pass: true, scoreModifier: 0 });
    expect(crossOriginResourcePolicyTest(fields("Cross-Origin-Resource-Policy", "same-origin", "cross-origin"))).toMatchObject({ result: "corp-header-invalid", pass: false, data: { header: "same-origin, cross-origin" } });
  });

  it("COOP: structured-field token, exact case, one field", () => {
    expect(crossOriginOpenerPolicyTest({})).toMatchObject({ result: "coop-not-implemented", pass: true, scoreModifier: 0 });
    for (const v of ["whimsy", '"same-origin"', "Same-Origin", "SAME-ORIGIN", "same-origin; report-to=coop endpoint"]) {
      expect(crossOriginOpenerPolicyTest({ "cross-origin-opener-policy": v }), v).toMatchObject({ result: "coop-header-invalid", pass: false, scoreModifier: -5 });
    }
    const valid: [string, string, number][] = [
      ["same-origin", "coop-implemented-with-same-origin", 10], ["same-origin-allow-popups", "coop-implemented-with-same-origin-allow-popups", 10],
      ["noopener-allow-popups", "coop-implemented-with-noopener-allow-popups", 10], ["unsafe-none", "coop-implemented-with-unsafe-none", 0],
      ['same-origin; report-to="coop-endpoint"', "coop-implemented-with-same-origin", 10], ['same-origin-allow-popups; report-to="coop-endpoint"', "coop-implemented-with-same-origin-allow-popups", 10],
      ["same-origin; report-to", "coop-implemented-with-same-origin", 10],
    ];
    for (const [v, result, scoreModifier] of valid) expect(crossOriginOpenerPolicyTest({ "cross-origin-opener-policy": v }), v).toMatchObject({ result, pass: true, scoreModifier });
    expect(crossOriginOpenerPolicyTest(fields("Cross-Origin-Opener-Policy", "same-origin", "unsafe-none")).result).toBe("coop-header-invalid");
  });

  it("COEP", () => {
    expect(crossOriginEmbedderPolicyTest({}).result).toBe("coep-not-implemented");
    for (const v of ["whimsy", '"require-corp"', "Require-Corp", "REQUIRE-CORP", "require-corp; report-to=coep endpoint"]) expect(crossOriginEmbedderPolicyTest({ "cross-origin-embedder-policy": v }).result, v).toBe("coep-header-invalid");
    const valid: [string, string][] = [
      ["require-corp", "coep-implemented-with-require-corp"], ["credentialless", "coep-implemented-with-credentialless"], ["unsafe-none", "coep-implemented-with-unsafe-none"],
      ['require-corp; report-to="coep-endpoint"', "coep-implemented-with-require-corp"], ['credentialless; report-to="coep-endpoint"', "coep-implemented-with-credentialless"], ["require-corp; report-to", "coep-implemented-with-require-corp"],
    ];
    for (const [v, result] of valid) expect(crossOriginEmbedderPolicyTest({ "cross-origin-embedder-policy": v }), v).toMatchObject({ result, pass: true });
    expect(crossOriginEmbedderPolicyTest(fields("Cross-Origin-Embedder-Policy", "require-corp", "unsafe-none")).result).toBe("coep-header-invalid");
  });
});

describe("cross-origin-resource-sharing", () => {
  const ORIGIN = "https://http-observatory.security.mozilla.org";
  it("not implemented, public, restricted, universal (reflected Origin + credentials)", () => {
    expect(corsTest({})).toMatchObject({ result: "cross-origin-resource-sharing-not-implemented", pass: true });
    expect(corsTest({ "access-control-allow-origin": "*" })).toMatchObject({ result: "cross-origin-resource-sharing-implemented-with-public-access", pass: true, data: { header: "*" } });
    expect(corsTest({ "access-control-allow-origin": "https://mozilla.org" }, ORIGIN).result).toBe("cross-origin-resource-sharing-implemented-with-restricted-access");
    expect(corsTest({ "access-control-allow-origin": ORIGIN, "access-control-allow-credentials": "true" }, ORIGIN)).toMatchObject({ result: "cross-origin-resource-sharing-implemented-with-universal-access", pass: false, scoreModifier: -50 });
  });
});

describe("strict-transport-security", () => {
  const hsts = (v?: string, url = URL_) => strictTransportSecurityTest(url, v === undefined ? {} : { "strict-transport-security": v });
  it("missing, invalid, no https, too short, implemented", () => {
    expect(hsts()).toMatchObject({ result: "hsts-not-implemented", pass: false, scoreModifier: -20 });
    for (const v of ["includeSubDomains; preload", "max-age=15768000; includeSubDomains, max-age=15768000; includeSubDomains"]) expect(hsts(v), v).toMatchObject({ result: "hsts-header-invalid", pass: false, scoreModifier: -20 });
    expect(strictTransportSecurityTest(URL_, fields("Strict-Transport-Security", "max-age=15768000", "max-age=15768000")).result).toBe("hsts-header-invalid");
    expect(hsts("max-age=15768000", "http://mozilla.org/")).toMatchObject({ result: "hsts-not-implemented-no-https", pass: false, scoreModifier: -20 });
    expect(hsts("max-age=86400")).toMatchObject({ result: "hsts-implemented-max-age-less-than-six-months", pass: false, scoreModifier: -10 });
    expect(hsts("max-age=15768000; includeSubDomains; preload")).toMatchObject({ result: "hsts-implemented-max-age-at-least-six-months", pass: true, scoreModifier: 0, data: { maxAge: 15_768_000, includeSubDomains: true, preload: true } });
    expect(hsts('max-age="31536000"').result).toBe("hsts-implemented-max-age-at-least-six-months");
    expect(hsts("max-age=abc").result).toBe("hsts-header-invalid");
  });
});

describe("cookies", () => {
  const cookies = (setCookies: string[], hstsPass = false) => cookiesTest({ url: URL_, setCookies, hstsPass });
  it("none, secure with HttpOnly sessions, with and without SameSite on all", () => {
    expect(cookies([])).toMatchObject({ result: "cookies-not-found", pass: true, scoreModifier: 0 });
    const plain = cookies(["SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly", "foo=bar; Domain=mozilla.org; Secure; Path=/", "heroku-session-affinity=bar; Domain=mozilla.org; Path=/"]);
    expect(plain).toMatchObject({ result: "cookies-secure-with-httponly-sessions", pass: true, scoreModifier: 0, data: { sameSite: false } });
    const all = cookies([
      "SESSIONID_SAMESITE_STRICT=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Strict",
      "SESSIONID_SAMESITE_LAX=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Lax",
      "SESSIONID_SAMESITE_NONE=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=None",
    ]);
    expect(all).toMatchObject({ result: "cookies-secure-with-httponly-sessions-and-samesite", pass: true, scoreModifier: 5, data: { sameSite: true } });
    expect((all.data?.cookies as Record<string, { samesite: string }>)["SESSIONID_SAMESITE_NONE"]?.samesite).toBe("none");
    const notAll = cookies([
      "SESSIONID_SAMESITE_STRICT=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Strict", "SESSIONID_SAMESITE_NO_SAMESITE=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly",
      "SESSIONID_SAMESITE_LAX=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Lax", "SESSIONID_SAMESITE_NONE=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=None",
    ]);
    expect(notAll).toMatchObject({ result: "cookies-secure-with-httponly-sessions", pass: true, data: { sameSite: false } });
  });

  it("anti-CSRF without SameSite, invalid SameSite, missing Secure (with and without HSTS), session flags", () => {
    expect(cookies(["CSRFTOKEN=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly"])).toMatchObject({ result: "cookies-anticsrf-without-samesite-flag", pass: false, scoreModifier: -20 });
    for (const ss of ["SameSite=", "SameSite=True", "SameSite=Invalid"]) expect(cookies([`SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; ${ss}`]), ss).toMatchObject({ result: "cookies-samesite-flag-invalid", pass: false, scoreModifier: -20 });
    expect(cookies(["foo=bar; Domain=mozilla.org; Path=/"], true)).toMatchObject({ result: "cookies-without-secure-flag-but-protected-by-hsts", pass: false, scoreModifier: -5 });
    expect(cookies(["SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly"], true)).toMatchObject({ result: "cookies-session-without-secure-flag-but-protected-by-hsts", scoreModifier: -10 });
    expect(cookies(["foo=bar; Domain=mozilla.org; Path=/"])).toMatchObject({ result: "cookies-without-secure-flag", scoreModifier: -20 });
    expect(cookies(["SESSIONID=bar; Domain=mozilla.org; Path=/; Secure"])).toMatchObject({ result: "cookies-session-without-httponly-flag", scoreModifier: -30 });
    expect(cookies(["SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly"])).toMatchObject({ result: "cookies-session-without-secure-flag", scoreModifier: -40 });
    expect(cookies(["SESSIONID=bar; Domain=mozilla.org; Path=/"])).toMatchObject({ result: "cookies-session-without-secure-flag", scoreModifier: -40 });
  });

  it("leaves out cookies a browser would not store; reports broken __Host-/__Secure- prefixes separately", () => {
    // Domain of another site: rejected (RFC 6265 §5.3 step 6), so nothing is stored.
    expect(cookies(["SESSIONID=bar; Domain=example.com; Path=/"]).result).toBe("cookies-not-found");
    const broken = ["__Host-sid=1; Secure; Path=/; Domain=mozilla.org", "__Secure-sid=1; Path=/", "__Host-ok=1; Secure; Path=/; HttpOnly; SameSite=Lax"];
    expect(cookies(broken).result).toBe("cookies-secure-with-httponly-sessions-and-samesite");
    const prefixes = cookiePrefixTest({ url: URL_, setCookies: broken });
    expect(prefixes).toMatchObject({ test: "cookie-prefixes", result: "cookie-prefixes-invalid", pass: false, scored: false, scoreModifier: 0 });
    expect((prefixes.data?.cookies as { name: string }[]).map((c) => c.name)).toEqual(["__Host-sid", "__Secure-sid"]);
    expect(cookiePrefixTest({ url: "http://mozilla.org/", setCookies: ["__Secure-a=1; Secure"] }).result).toBe("cookie-prefixes-invalid");
  });
});

describe("subresource-integrity", () => {
  const S = (src: string | null, integrity: string | null = null) => ({ src, integrity, crossorigin: integrity ? "anonymous" : null });
  const INTEGRITY = "sha384-zTm/dblzLXQNp3CgY+hfaC/WJ6h4XtNrePh2CW2+rO9GPuNiPb9jmthvAL+oI/dQ";
  const sri = (scripts: ReturnType<typeof S>[], contentType = "text/html") => subresourceIntegrityTest({ url: URL_, contentType, scripts });
  it("no scripts, not HTML, same site with and without scheme", () => {
    expect(sri([])).toMatchObject({ result: "sri-not-implemented-but-no-scripts-loaded", pass: true });
    expect(sri([S("https://fb.me/x.js")], "application/json")).toMatchObject({ result: "sri-not-implemented-response-not-html", pass: true });
    expect(sri([S("/static/js/foo.js")])).toMatchObject({ result: "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", pass: true, scoreModifier: 0 });
    expect(sri([S("//www.mozilla.org/static/js/foo.js")])).toMatchObject({ result: "sri-not-implemented-and-external-scripts-not-loaded-securely", pass: false, scoreModifier: -50 });
    expect(sri([S("https://www.mozilla.org/static/js/foo.js")])).toMatchObject({ result: "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", pass: true });
  });
  it("external scripts with and without integrity over https, http and //", () => {
    expect(sri([S("/static/js/foo.js"), S("https://fb.me/react-0.14.7.min.js", INTEGRITY)])).toMatchObject({ result: "sri-implemented-and-external-scripts-loaded-securely", pass: true, scoreModifier: 5 });
    expect(sri([S("/static/js/foo.js"), S("https://localhost/react-0.14.7.min.js", INTEGRITY)]).result).toBe("sri-implemented-and-external-scripts-loaded-securely");
    expect(sri([S("/static/js/react-0.14.7.min.js", INTEGRITY)])).toMatchObject({ result: "sri-implemented-and-all-scripts-loaded-securely", pass: true, scoreModifier: 5 });
    expect(sri([S("/static/js/foo.js"), S("https://fb.me/react-0.14.7.min.js")])).toMatchObject({ result: "sri-not-implemented-but-external-scripts-loaded-securely", pass: false, scoreModifier: -5 });
    expect(sri([S("/static/js/foo.js"), S("http://fb.me/react-0.14.6.min.js", INTEGRITY), S("https://fb.me/react-0.14.7.min.js", INTEGRITY)])).toMatchObject({ result: "sri-implemented-but-external-scripts-not-loaded-securely", pass: false, scoreModifier: -20 });
    expect(sri([S("//fb.me/react-0.14.6.min.js", INTEGRITY)]).result).toBe("sri-implemented-but-external-scripts-not-loaded-securely");
    expect(sri([S("/static/js/foo.js"), S("http://fb.me/react-0.14.6.min.js")]).result).toBe("sri-not-implemented-and-external-scripts-not-loaded-securely");
    expect(sri([S("/static/js/foo.js"), S("//fb.me/react-0.14.6.min.js")]).result).toBe("sri-not-implemented-and-external-scripts-not-loaded-securely");
  });
  it("approximates the registrable domain", () => {
    expect(["www.mozilla.org", "a.b.example.co.uk", "127.0.0.1", "localhost", "cdn.example.com.au"].map(siteOf)).toEqual(["mozilla.org", "example.co.uk", "127.0.0.1", "localhost", "example.com.au"]);
  });
});

describe("mixed-content (SiteLint extension)", () => {
  it("flags http: subresources on https pages only; active beats passive", () => {
    expect(mixedContentTest("http://a.test/", [{ url: "http://b.test/x.js", type: "script" }]).result).toBe("mixed-content-not-applicable");
    expect(mixedContentTest("https://a.test/", [{ url: "https://b.test/x.js", type: "script" }]).result).toBe("mixed-content-none");
    expect(mixedContentTest("https://a.test/", [{ url: "http://b.test/i.png", type: "image" }])).toMatchObject({ result: "mixed-content-passive", pass: false, scored: false });
    const active = mixedContentTest("https://a.test/", [{ url: "http://b.test/i.png", type: "image" }, { url: "http://b.test/x.js", type: "script" }, { url: "http://b.test/x.js", type: "script" }]);
    expect(active).toMatchObject({ result: "mixed-content-active", data: { total: 2 } });
  });
});
