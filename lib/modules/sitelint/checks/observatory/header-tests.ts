import { testResult, type ObservatoryResultName } from "./results";
import { structuredFieldToken } from "./structured-field";
import type { ObservatoryTestResult } from "./types";

// Each test reads header values as the document response carried them; repeated fields arrive joined with ", "
// (`toHeaderMap`), which is how Observatory's HTTP client sees them too — so "nosniff, nosniff" is invalid in both.
type Headers = Record<string, string | undefined>;
const clip = (v: string, n: number) => v.slice(0, n);

/**
 * MDN HTTP Observatory test `x-content-type-options`: exactly `nosniff` (trimmed, any case) →
 * `x-content-type-options-nosniff`; another value → `…-header-invalid`; none → `…-not-implemented`.
 */
export function xContentTypeOptionsTest(headers: Headers): ObservatoryTestResult {
  const v = headers["x-content-type-options"];
  if (!v) return testResult("x-content-type-options", "x-content-type-options-not-implemented", false);
  const ok = clip(v, 256).trim().toLowerCase() === "nosniff";
  return testResult("x-content-type-options", ok ? "x-content-type-options-nosniff" : "x-content-type-options-header-invalid", ok, { header: clip(v, 256) });
}

/**
 * MDN HTTP Observatory test `x-frame-options`: `DENY`/`SAMEORIGIN` → `x-frame-options-sameorigin-or-deny`;
 * `ALLOW-FROM …` → `…-allow-from-origin`; other → `…-header-invalid`; none → `…-not-implemented`; a CSP header with a
 * `frame-ancestors` directive (whatever its sources, as Observatory decides) overrides all → `…-implemented-via-csp`.
 * `<meta http-equiv="X-Frame-Options">` and frame-ancestors in a `<meta>` CSP are ignored, as browsers ignore them
 * (Observatory's code would count the latter when a meta policy also sets other directives — a deviation on purpose).
 * @param csp the `content-security-policy` result of the same document (its `data.frameAncestorsInHeader`).
 */
export function xFrameOptionsTest(headers: Headers, csp: ObservatoryTestResult): ObservatoryTestResult {
  const v = headers["x-frame-options"];
  let result: ObservatoryResultName = "x-frame-options-not-implemented";
  if (v) {
    const xfo = clip(v, 1024).trim().toLowerCase();
    result = xfo === "deny" || xfo === "sameorigin" ? "x-frame-options-sameorigin-or-deny" : xfo.startsWith("allow-from") ? "x-frame-options-allow-from-origin" : "x-frame-options-header-invalid";
  }
  if (csp.data?.frameAncestorsInHeader === true) result = "x-frame-options-implemented-via-csp";
  const pass = result !== "x-frame-options-not-implemented" && result !== "x-frame-options-header-invalid";
  return testResult("x-frame-options", result, pass, v ? { header: clip(v, 1024) } : undefined);
}

const PRIVATE_REFERRER = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];
const UNSAFE_REFERRER = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"];

/**
 * MDN HTTP Observatory test `referrer-policy`: header values then `<meta name="referrer">` contents (which therefore
 * take precedence) are joined; the last recognised token decides (Referrer Policy §8.1) — private → `…-private`,
 * leaky → `…-unsafe`, none recognised → `…-header-invalid`; neither header nor meta → `…-not-implemented` (passes).
 */
export function referrerPolicyTest(headers: Headers, metaReferrer: string[] = []): ObservatoryTestResult {
  const values = [...(headers["referrer-policy"] !== undefined ? [headers["referrer-policy"]] : []), ...metaReferrer];
  if (values.length === 0) return testResult("referrer-policy", "referrer-policy-not-implemented", true);
  const data = values.join(", ");
  const policy = data.split(",").map((t) => t.trim().toLowerCase()).filter((t) => PRIVATE_REFERRER.includes(t) || UNSAFE_REFERRER.includes(t)).at(-1) ?? "";
  const result = PRIVATE_REFERRER.includes(policy) ? "referrer-policy-private" : UNSAFE_REFERRER.includes(policy) ? "referrer-policy-unsafe" : "referrer-policy-header-invalid";
  return testResult("referrer-policy", result, result === "referrer-policy-private", { header: clip(data, 256), http: headers["referrer-policy"] !== undefined, meta: metaReferrer.length > 0 });
}

/**
 * MDN HTTP Observatory test `cross-origin-resource-policy`: `same-site` / `same-origin` (bonus), `cross-origin`,
 * anything else (including two fields) → `corp-header-invalid`; none → `corp-not-implemented` (passes).
 */
export function crossOriginResourcePolicyTest(headers: Headers): ObservatoryTestResult {
  const v = headers["cross-origin-resource-policy"];
  if (!v) return testResult("cross-origin-resource-policy", "corp-not-implemented", true);
  const corp = clip(v, 256).trim().toLowerCase();
  const result: ObservatoryResultName = corp === "same-site" ? "corp-implemented-with-same-site" : corp === "same-origin" ? "corp-implemented-with-same-origin" : corp === "cross-origin" ? "corp-implemented-with-cross-origin" : "corp-header-invalid";
  return testResult("cross-origin-resource-policy", result, result !== "corp-header-invalid", { header: corp });
}

/** The COOP and COEP tests share one shape: one structured-field token from a closed list. */
function policyTokenTest<T extends "cross-origin-opener-policy" | "cross-origin-embedder-policy">(test: T, headers: Headers, results: Record<string, ObservatoryResultName>, missing: ObservatoryResultName, invalid: ObservatoryResultName): ObservatoryTestResult {
  const v = headers[test];
  if (v === undefined || v === "") return testResult(test, missing, true);
  const token = structuredFieldToken(clip(v, 1024).trim());
  const result = (token !== null && Object.hasOwn(results, token) ? results[token] : undefined) ?? invalid;
  return testResult(test, result, result !== invalid, { header: clip(v, 1024) });
}

/**
 * MDN HTTP Observatory test `cross-origin-opener-policy` (scored: +10 for same-origin, same-origin-allow-popups,
 * noopener-allow-popups; -5 for an invalid header): the value must be one RFC 8941 token (HTML §7.1.3.1), exact
 * case; two fields or a non-token → `coop-header-invalid`.
 */
export function crossOriginOpenerPolicyTest(headers: Headers): ObservatoryTestResult {
  return policyTokenTest("cross-origin-opener-policy", headers, {
    "same-origin": "coop-implemented-with-same-origin",
    "same-origin-allow-popups": "coop-implemented-with-same-origin-allow-popups",
    "noopener-allow-popups": "coop-implemented-with-noopener-allow-popups",
    "unsafe-none": "coop-implemented-with-unsafe-none",
  }, "coop-not-implemented", "coop-header-invalid");
}

/** MDN HTTP Observatory test `cross-origin-embedder-policy` (+10 require-corp / credentialless, -5 invalid), read like COOP. */
export function crossOriginEmbedderPolicyTest(headers: Headers): ObservatoryTestResult {
  return policyTokenTest("cross-origin-embedder-policy", headers, {
    "require-corp": "coep-implemented-with-require-corp",
    credentialless: "coep-implemented-with-credentialless",
    "unsafe-none": "coep-implemented-with-unsafe-none",
  }, "coep-not-implemented", "coep-header-invalid");
}

/**
 * MDN HTTP Observatory test `cross-origin-resource-sharing` on a response's `Access-Control-Allow-Origin`: `*` →
 * `…-implemented-with-public-access`; the request's `Origin` echoed back together with
 * `Access-Control-Allow-Credentials: true` → `…-implemented-with-universal-access` (-50); another value →
 * `…-restricted-access`; none → `…-not-implemented`.
 *
 * Observatory reads this from an OPTIONS preflight it sends with its own Origin; SiteLint reads the audited
 * document's response, which a browser navigation sends without Origin — so reflection cannot show there and
 * `requestOrigin` stays undefined unless a caller probes with one. (Observatory's old crossdomain.xml /
 * clientaccesspolicy.xml checks are not in its current algorithm and not done here.)
 */
export function corsTest(headers: Headers, requestOrigin?: string): ObservatoryTestResult {
  const acao = headers["access-control-allow-origin"]?.split(",")[0];
  if (!acao) return testResult("cross-origin-resource-sharing", "cross-origin-resource-sharing-not-implemented", true);
  const data = clip(acao, 256).trim().toLowerCase();
  const credentials = headers["access-control-allow-credentials"]?.trim().toLowerCase() === "true";
  const result: ObservatoryResultName =
    data === "*" ? "cross-origin-resource-sharing-implemented-with-public-access"
      : requestOrigin && requestOrigin === acao && credentials ? "cross-origin-resource-sharing-implemented-with-universal-access"
        : "cross-origin-resource-sharing-implemented-with-restricted-access";
  return testResult("cross-origin-resource-sharing", result, result !== "cross-origin-resource-sharing-implemented-with-universal-access", { header: data, credentials });
}
