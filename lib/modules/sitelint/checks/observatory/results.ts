import type { ExtensionTestName, ObservatoryTestName, ObservatoryTestResult } from "./types";

/** What one result means: its score modifier (MDN HTTP Observatory `src/grader/charts.js` `SCORE_TABLE`), a one-line
 * summary, a finding title for failing results, and how to fix it (our wording). */
type ResultInfo = { modifier: number; summary: string; fix?: string; title?: string };

/**
 * Every result name of the Observatory tests with its score modifier, as MDN HTTP Observatory (algorithm version 6)
 * scores it, plus the results of SiteLint's extension tests (modifier 0, never scored).
 */
export const OBSERVATORY_RESULTS = {
  // content-security-policy
  "csp-implemented-with-no-unsafe-default-src-none": { modifier: 10, summary: "CSP with default-src 'none' and no unsafe sources." },
  "csp-implemented-with-no-unsafe": { modifier: 5, summary: "CSP without 'unsafe-inline' or 'unsafe-eval'." },
  "csp-implemented-with-unsafe-inline-in-style-src-only": { modifier: 0, summary: "CSP allows unsafe sources ('unsafe-inline', data:, broad sources) in style-src only.", fix: "Lock down style-src: drop 'unsafe-inline', data: and broad sources." },
  "csp-implemented-with-insecure-scheme-in-passive-content-only": { title: "CSP allows images or media over http:", modifier: -10, summary: "CSP on an HTTPS page allows images or media over http:.", fix: "Load images and media over HTTPS and remove http: sources from img-src / media-src / default-src." },
  "csp-implemented-with-unsafe-eval": { title: "CSP allows 'unsafe-eval'", modifier: -10, summary: "CSP allows 'unsafe-eval'.", fix: "Remove eval() and similar from the code, then drop 'unsafe-eval' from the policy." },
  "csp-implemented-with-unsafe-inline": { title: "CSP does not stop injected scripts", modifier: -20, summary: "CSP does not stop injected scripts: 'unsafe-inline' or data: in script-src, a broad source (*, https:, http:) in script-src or object-src, or no script-src/object-src restriction at all.", fix: "Replace 'unsafe-inline' with nonces or hashes (plus 'strict-dynamic'), remove data: and broad sources from script-src/object-src, and set object-src 'none' and script-src (or default-src)." },
  "csp-implemented-with-insecure-scheme": { title: "CSP allows resources over http:", modifier: -20, summary: "CSP on an HTTPS page allows resources over http: or ftp:.", fix: "Load every resource over HTTPS and remove http: sources from the policy." },
  "csp-header-invalid": { title: "Content-Security-Policy cannot be parsed", modifier: -25, summary: "The CSP cannot be parsed (empty or garbled policy, a repeated directive, or 'strict-dynamic' without a nonce or hash).", fix: "Fix the policy syntax, e.g. with https://csp-evaluator.withgoogle.com/." },
  "csp-not-implemented": { title: "No Content-Security-Policy", modifier: -25, summary: "No Content-Security-Policy, so an injected script runs with the page's full privileges (XSS).", fix: "Send a Content-Security-Policy header, e.g. `default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'`, starting in Report-Only mode." },
  "csp-not-implemented-but-reporting-enabled": { title: "Content-Security-Policy is report-only", modifier: -25, summary: "Only Content-Security-Policy-Report-Only is sent: violations are reported but nothing is blocked.", fix: "Enforce the policy with a Content-Security-Policy header once the reports are clean." },
  "csp-implemented-but-duplicate-directives": { modifier: 0, summary: "CSP passes but repeats report-uri or report-to.", fix: "Remove the duplicate directives." },
  // cookies
  "cookies-secure-with-httponly-sessions-and-samesite": { modifier: 5, summary: "All cookies are Secure, session cookies HttpOnly, and all use SameSite." },
  "cookies-secure-with-httponly-sessions": { modifier: 0, summary: "All cookies are Secure and session cookies HttpOnly, but not all use SameSite.", fix: "Add SameSite=Lax or Strict." },
  "cookies-not-found": { modifier: 0, summary: "No cookies set." },
  "cookies-without-secure-flag-but-protected-by-hsts": { title: "Cookies without the Secure flag (HSTS-protected)", modifier: -5, summary: "Cookies without the Secure flag (HSTS keeps them off plain HTTP).", fix: "Add Secure to every cookie." },
  "cookies-session-without-secure-flag-but-protected-by-hsts": { title: "Session cookie without the Secure flag (HSTS-protected)", modifier: -10, summary: "A session cookie without the Secure flag (HSTS keeps it off plain HTTP).", fix: "Add Secure to session cookies." },
  "cookies-without-secure-flag": { title: "Cookies without the Secure flag", modifier: -20, summary: "Cookies without the Secure flag can travel over plain HTTP.", fix: "Add Secure to every cookie and deploy HSTS." },
  "cookies-samesite-flag-invalid": { title: "Cookie with an invalid SameSite attribute", modifier: -20, summary: "A cookie's SameSite is not Strict, Lax or None (or is None without Secure).", fix: "Use SameSite=Strict or Lax (None only together with Secure)." },
  "cookies-anticsrf-without-samesite-flag": { title: "Anti-CSRF cookie without SameSite", modifier: -20, summary: "An anti-CSRF token cookie is set without SameSite.", fix: "Set SameSite=Strict or Lax on anti-CSRF cookies." },
  "cookies-session-without-httponly-flag": { title: "Session cookie without HttpOnly", modifier: -30, summary: "A session cookie without HttpOnly can be read by any script on the page (session theft via XSS).", fix: "Add HttpOnly to session cookies." },
  "cookies-session-without-secure-flag": { title: "Session cookie without the Secure flag", modifier: -40, summary: "A session cookie without the Secure flag can travel over plain HTTP.", fix: "Add Secure to session cookies and deploy HSTS." },
  // cross-origin-embedder-policy
  "coep-implemented-with-require-corp": { modifier: 10, summary: "Cross-Origin-Embedder-Policy: require-corp." },
  "coep-implemented-with-credentialless": { modifier: 10, summary: "Cross-Origin-Embedder-Policy: credentialless." },
  "coep-implemented-with-unsafe-none": { modifier: 0, summary: "Cross-Origin-Embedder-Policy: unsafe-none (the default)." },
  "coep-not-implemented": { modifier: 0, summary: "No Cross-Origin-Embedder-Policy." },
  "coep-header-invalid": { title: "Cross-Origin-Embedder-Policy is invalid", modifier: -5, summary: "Cross-Origin-Embedder-Policy cannot be recognised (unknown value, not a structured-field token, or sent twice).", fix: "Send exactly one of require-corp, credentialless, unsafe-none." },
  // cross-origin-opener-policy
  "coop-implemented-with-same-origin": { modifier: 10, summary: "Cross-Origin-Opener-Policy: same-origin." },
  "coop-implemented-with-same-origin-allow-popups": { modifier: 10, summary: "Cross-Origin-Opener-Policy: same-origin-allow-popups." },
  "coop-implemented-with-noopener-allow-popups": { modifier: 10, summary: "Cross-Origin-Opener-Policy: noopener-allow-popups." },
  "coop-implemented-with-unsafe-none": { modifier: 0, summary: "Cross-Origin-Opener-Policy: unsafe-none (the default)." },
  "coop-not-implemented": { modifier: 0, summary: "No Cross-Origin-Opener-Policy." },
  "coop-header-invalid": { title: "Cross-Origin-Opener-Policy is invalid", modifier: -5, summary: "Cross-Origin-Opener-Policy cannot be recognised (unknown value, not a structured-field token, or sent twice).", fix: "Send exactly one of same-origin, same-origin-allow-popups, noopener-allow-popups, unsafe-none." },
  // cross-origin-resource-sharing
  "cross-origin-resource-sharing-not-implemented": { modifier: 0, summary: "The document is not shared through CORS." },
  "cross-origin-resource-sharing-implemented-with-public-access": { modifier: 0, summary: "Access-Control-Allow-Origin: * makes the document readable by any site (without credentials)." },
  "cross-origin-resource-sharing-implemented-with-restricted-access": { modifier: 0, summary: "CORS restricted to specific origins." },
  "cross-origin-resource-sharing-implemented-with-universal-access": { title: "CORS lets any site read the page with credentials", modifier: -50, summary: "CORS reflects any Origin and allows credentials: any site can read this page as the logged-in user.", fix: "Allow only a fixed list of origins, or use `*` without Access-Control-Allow-Credentials." },
  // redirection
  "redirection-all-redirects-preloaded": { modifier: 0, summary: "Every host in the redirect chain is HSTS-preloaded." },
  "redirection-to-https": { modifier: 0, summary: "http:// redirects to HTTPS on the same host first and ends on HTTPS." },
  "redirection-not-needed-no-http": { modifier: 0, summary: "The site does not answer over plain HTTP." },
  "redirection-off-host-from-http": { title: "http:// redirects to HTTPS on another host first", modifier: -5, summary: "http:// first redirects to HTTPS on another host, so the host's HSTS header is never seen.", fix: "Redirect to HTTPS on the same host first, then to the other host." },
  "redirection-not-to-https-on-initial-redirection": { title: "http:// first redirects to another http:// URL", modifier: -10, summary: "http:// ends on HTTPS, but the first redirect goes to another http:// URL.", fix: "Redirect to HTTPS on the same host first." },
  "redirection-not-to-https": { title: "http:// does not end on HTTPS", modifier: -20, summary: "http:// redirects, but the chain does not end on HTTPS.", fix: "Redirect http:// to https:// on the same host." },
  "redirection-missing": { title: "http:// does not redirect to HTTPS", modifier: -20, summary: "http:// serves the site without redirecting to HTTPS.", fix: "Redirect http:// to https:// on the same host (301/308)." },
  "redirection-invalid-cert": { title: "Invalid certificate in the HTTPS redirect chain", modifier: -20, summary: "The redirect chain reaches an HTTPS server whose certificate is not valid.", fix: "Install a valid TLS certificate (e.g. Let's Encrypt)." },
  // referrer-policy
  "referrer-policy-private": { modifier: 5, summary: "Referrer-Policy no-referrer, same-origin, strict-origin or strict-origin-when-cross-origin." },
  "referrer-policy-not-implemented": { modifier: 0, summary: "No Referrer-Policy (browsers default to strict-origin-when-cross-origin)." },
  "referrer-policy-unsafe": { title: "Referrer-Policy leaks URLs to other sites", modifier: -5, summary: "Referrer-Policy origin, origin-when-cross-origin, unsafe-url or no-referrer-when-downgrade leaks URLs or origins to other sites.", fix: "Send `Referrer-Policy: strict-origin-when-cross-origin` at least." },
  "referrer-policy-header-invalid": { title: "Referrer-Policy is not recognised", modifier: -5, summary: "Referrer-Policy names no known policy.", fix: "Send `Referrer-Policy: strict-origin-when-cross-origin` at least." },
  // strict-transport-security
  "hsts-preloaded": { modifier: 5, summary: "The host is HSTS-preloaded." },
  "hsts-implemented-max-age-at-least-six-months": { modifier: 0, summary: "Strict-Transport-Security with max-age of at least six months." },
  "hsts-implemented-max-age-less-than-six-months": { title: "Strict-Transport-Security max-age is shorter than six months", modifier: -10, summary: "Strict-Transport-Security max-age is shorter than six months (15552000 s).", fix: "Raise max-age to 63072000 (two years); add includeSubDomains and preload to qualify for the preload list." },
  "hsts-not-implemented": { title: "No Strict-Transport-Security header", modifier: -20, summary: "No Strict-Transport-Security header: a first visit or a typed http:// URL can be downgraded and intercepted (SSL stripping).", fix: "Send `Strict-Transport-Security: max-age=63072000; includeSubDomains` on every HTTPS response." },
  "hsts-header-invalid": { title: "Strict-Transport-Security is invalid", modifier: -20, summary: "Strict-Transport-Security cannot be recognised (no valid max-age, or the header sent twice).", fix: "Send one `Strict-Transport-Security: max-age=63072000; includeSubDomains` header." },
  "hsts-not-implemented-no-https": { title: "Page is served over plain HTTP (no HSTS possible)", modifier: -20, summary: "The page is served over plain HTTP, where HSTS cannot be set.", fix: "Serve the site over HTTPS and redirect http:// to it." },
  "hsts-invalid-cert": { title: "Invalid certificate: HSTS cannot work", modifier: -20, summary: "HSTS cannot work: the certificate is not valid.", fix: "Install a valid TLS certificate." },
  // subresource-integrity
  "sri-implemented-and-all-scripts-loaded-securely": { modifier: 5, summary: "SRI used and all scripts come from the same site." },
  "sri-implemented-and-external-scripts-loaded-securely": { modifier: 5, summary: "SRI used and all external scripts load over HTTPS." },
  "sri-not-implemented-response-not-html": { modifier: 0, summary: "Not an HTML document: SRI does not apply." },
  "sri-not-implemented-but-no-scripts-loaded": { modifier: 0, summary: "No <script> elements." },
  "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": { modifier: 0, summary: "No SRI, but all scripts come from the same site." },
  "sri-not-implemented-but-external-scripts-loaded-securely": { title: "Third-party scripts without Subresource Integrity", modifier: -5, summary: "Scripts from other sites load over HTTPS but without integrity, so a compromised CDN runs code on this page.", fix: "Add integrity=\"sha384-…\" and crossorigin=\"anonymous\" to third-party <script> elements." },
  "sri-implemented-but-external-scripts-not-loaded-securely": { title: "Third-party scripts loaded over http: or //", modifier: -20, summary: "Scripts from other sites carry integrity but load over http: or a protocol-relative //host URL.", fix: "Load third-party scripts over https://." },
  "sri-not-implemented-and-external-scripts-not-loaded-securely": { title: "Third-party scripts over http: or // without integrity", modifier: -50, summary: "Scripts from other sites load over http: or a protocol-relative //host URL, without integrity: anyone on the network can replace them.", fix: "Load third-party scripts over https:// and add integrity + crossorigin." },
  "html-not-parseable": { title: "HTML cannot be parsed", modifier: -20, summary: "Claims to be HTML but cannot be parsed." },
  // x-content-type-options
  "x-content-type-options-nosniff": { modifier: 0, summary: "X-Content-Type-Options: nosniff." },
  "x-content-type-options-not-implemented": { title: "No X-Content-Type-Options: nosniff", modifier: -5, summary: "No X-Content-Type-Options: browsers may MIME-sniff responses and run, e.g., an uploaded text file as script.", fix: "Send `X-Content-Type-Options: nosniff` on every response." },
  "x-content-type-options-header-invalid": { title: "X-Content-Type-Options is not nosniff", modifier: -5, summary: "X-Content-Type-Options is not exactly `nosniff` (or is sent twice).", fix: "Send one `X-Content-Type-Options: nosniff` header." },
  // x-frame-options
  "x-frame-options-implemented-via-csp": { modifier: 5, summary: "Framing restricted by CSP frame-ancestors." },
  "x-frame-options-sameorigin-or-deny": { modifier: 5, summary: "X-Frame-Options DENY or SAMEORIGIN." },
  "x-frame-options-allow-from-origin": { modifier: 0, summary: "X-Frame-Options ALLOW-FROM (ignored by current browsers).", fix: "Use CSP frame-ancestors instead." },
  "x-frame-options-not-implemented": { title: "Page can be framed by any site (clickjacking)", modifier: -20, summary: "Any site can frame this page (clickjacking): no X-Frame-Options and no CSP frame-ancestors.", fix: "Add `frame-ancestors 'self'` (or 'none') to the CSP header, and `X-Frame-Options: SAMEORIGIN` for old browsers." },
  "x-frame-options-header-invalid": { title: "X-Frame-Options is invalid (clickjacking)", modifier: -20, summary: "X-Frame-Options cannot be recognised (or is sent twice) and no CSP frame-ancestors backs it up.", fix: "Send one `X-Frame-Options: SAMEORIGIN` header, or CSP frame-ancestors." },
  // cross-origin-resource-policy
  "corp-implemented-with-same-origin": { modifier: 10, summary: "Cross-Origin-Resource-Policy: same-origin." },
  "corp-implemented-with-same-site": { modifier: 10, summary: "Cross-Origin-Resource-Policy: same-site." },
  "corp-implemented-with-cross-origin": { modifier: 0, summary: "Cross-Origin-Resource-Policy: cross-origin (the default)." },
  "corp-not-implemented": { modifier: 0, summary: "No Cross-Origin-Resource-Policy (defaults to cross-origin)." },
  "corp-header-invalid": { title: "Cross-Origin-Resource-Policy is invalid", modifier: -5, summary: "Cross-Origin-Resource-Policy cannot be recognised (or is sent twice).", fix: "Send one of same-origin, same-site, cross-origin." },
  // SiteLint extensions (unscored)
  "mixed-content-none": { modifier: 0, summary: "No subresource over http:." },
  "mixed-content-not-applicable": { modifier: 0, summary: "Not an HTTPS page." },
  "mixed-content-passive": { title: "HTTPS page references images or media over http:", modifier: 0, summary: "The HTTPS page references images or media over http: (browsers upgrade or block them, and show the page as not fully secure).", fix: "Reference every subresource over https://." },
  "mixed-content-active": { title: "HTTPS page loads active content over http:", modifier: 0, summary: "The HTTPS page loads scripts, styles, frames or fetches over http: (browsers block them, breaking the page; older ones run them).", fix: "Load every subresource over https:// (or add CSP upgrade-insecure-requests)." },
  "cookie-prefixes-valid": { modifier: 0, summary: "No cookie breaks the __Host- / __Secure- prefix rules." },
  "cookie-prefixes-invalid": { title: "Cookie breaks its __Host-/__Secure- prefix rules", modifier: 0, summary: "A __Host- or __Secure- cookie breaks its prefix's rules, so browsers drop it.", fix: "__Secure- cookies need Secure (over HTTPS); __Host- cookies need Secure, Path=/ and no Domain." },
} as const satisfies Record<string, ResultInfo>;

export type ObservatoryResultName = keyof typeof OBSERVATORY_RESULTS;

/** Score modifier of a result (Observatory `getScoreModifier`; 0 for an unknown name). */
export function scoreModifierOf(result: string): number {
  return (OBSERVATORY_RESULTS as Record<string, ResultInfo>)[result]?.modifier ?? 0;
}

/** Summary and fix of a result (our wording). */
export function resultInfo(result: string): ResultInfo | undefined {
  return (OBSERVATORY_RESULTS as Record<string, ResultInfo>)[result];
}

/** Topic page on MDN per test (Observatory `TEST_TOPIC_LINKS`), for `helpUrl`. */
export const TEST_TOPICS: Record<ObservatoryTestName | ExtensionTestName, string> = {
  "content-security-policy": "/en-US/docs/Web/Security/Practical_implementation_guides/CSP",
  cookies: "/en-US/docs/Web/Security/Practical_implementation_guides/Cookies",
  "cross-origin-embedder-policy": "/en-US/docs/Web/HTTP/Reference/Headers/Cross-Origin-Embedder-Policy",
  "cross-origin-opener-policy": "/en-US/docs/Web/HTTP/Reference/Headers/Cross-Origin-Opener-Policy",
  "cross-origin-resource-policy": "/en-US/docs/Web/Security/Practical_implementation_guides/CORP",
  "cross-origin-resource-sharing": "/en-US/docs/Web/Security/Practical_implementation_guides/CORS",
  redirection: "/en-US/docs/Web/Security/Practical_implementation_guides/TLS#http_redirection",
  "referrer-policy": "/en-US/docs/Web/Security/Practical_implementation_guides/Referrer_policy",
  "strict-transport-security": "/en-US/docs/Web/Security/Practical_implementation_guides/TLS#http_strict_transport_security_implementation",
  "subresource-integrity": "/en-US/docs/Web/Security/Subresource_Integrity",
  "x-content-type-options": "/en-US/docs/Web/Security/Practical_implementation_guides/MIME_types",
  "x-frame-options": "/en-US/docs/Web/Security/Attacks/Clickjacking",
  "mixed-content": "/en-US/docs/Web/Security/Mixed_content",
  "cookie-prefixes": "/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie#cookie_prefixes",
};

const EXTENSIONS = new Set<string>(["mixed-content", "cookie-prefixes"] satisfies ExtensionTestName[]);

/** Build a test result: the modifier comes from {@link OBSERVATORY_RESULTS}; extension tests are never scored. */
export function testResult(test: ObservatoryTestResult["test"], result: ObservatoryResultName, pass: boolean, data?: Record<string, unknown>): ObservatoryTestResult {
  const scored = !EXTENSIONS.has(test);
  return { test, result, pass, scoreModifier: scored ? scoreModifierOf(result) : 0, scored, ...(data ? { data } : {}) };
}
