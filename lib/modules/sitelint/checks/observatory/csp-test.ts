import { CspSyntaxError, parseCspPolicies, parseMetaCspPolicies, splitCspPolicies, type CspDirectives } from "../csp";
import { testResult } from "./results";
import type { ObservatoryResultName } from "./results";
import type { ObservatoryTestResult } from "./types";

const DANGEROUSLY_BROAD = new Set(["ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"]);
const UNSAFE_INLINE = new Set(["'unsafe-inline'", "data:"]);
const BROAD_OR_INLINE = new Set([...DANGEROUSLY_BROAD, ...UNSAFE_INLINE]);
const PASSIVE_DIRECTIVES = ["img-src", "media-src"];
const NONCE_OR_HASH = /^'(sha256-|sha384-|sha512-|nonce-)/;
const PASSING = new Set<ObservatoryResultName>([
  "csp-implemented-with-no-unsafe",
  "csp-implemented-with-no-unsafe-default-src-none",
  "csp-implemented-with-unsafe-inline-in-style-src-only",
  "csp-implemented-with-insecure-scheme-in-passive-content-only",
]);

/** What Observatory notes about a policy besides the result (its `Policy` flags). */
export type CspPolicyFlags = {
  antiClickjacking: boolean;
  defaultNone: boolean;
  insecureBaseUri: boolean;
  insecureFormAction: boolean;
  insecureSchemeActive: boolean;
  insecureSchemePassive: boolean;
  strictDynamic: boolean;
  unsafeEval: boolean;
  unsafeInline: boolean;
  unsafeInlineStyle: boolean;
  unsafeObjects: boolean;
};

const tryParse = (parse: () => { directives: CspDirectives }) => {
  try {
    return parse().directives;
  } catch (e) {
    if (e instanceof CspSyntaxError) return new Map() as CspDirectives;
    throw e;
  }
};

/**
 * MDN HTTP Observatory test `content-security-policy` (`src/analyzer/tests/csp.js`) on one document: header policies
 * and `<meta http-equiv>` policies are intersected ({@link parseCspPolicies}); the first failing rule in Observatory's
 * order gives the result — `csp-header-invalid`, `csp-implemented-with-unsafe-inline` ('unsafe-inline' or data: in
 * script-src, a broad source in script-src / object-src, or either unrestricted), `…-insecure-scheme` (http:/ftp:
 * sources on an https page), `…-unsafe-eval`, `…-insecure-scheme-in-passive-content-only`,
 * `…-unsafe-inline-in-style-src-only`, else `…-no-unsafe-default-src-none` / `…-no-unsafe`. A nonce or hash
 * neutralises 'unsafe-inline'; 'strict-dynamic' with one drops scheme/host sources, without one the policy is invalid.
 * frame-ancestors counts only from headers. No enforced policy → `csp-not-implemented` (or
 * `…-but-reporting-enabled` when Content-Security-Policy-Report-Only is sent).
 *
 * @param o.url the document's final URL (https decides the insecure-scheme rules).
 * @param o.header the Content-Security-Policy field value(s) (repeated fields joined with ", ").
 * @param o.meta `<meta http-equiv="Content-Security-Policy">` contents.
 * @param o.reportOnly the Content-Security-Policy-Report-Only value, if any.
 * @returns the result; when a policy was parsed, `data.directives` (sorted sources per directive, header and meta),
 *   `data.frameAncestorsInHeader` (read by the `x-frame-options` test) and `data.policy` flags.
 */
export function contentSecurityPolicyTest(o: { url: string; header?: string; meta: string[]; reportOnly?: string }): ObservatoryTestResult {
  const https = new URL(o.url).protocol === "https:";
  const httpPolicies = o.header === undefined ? [] : splitCspPolicies([o.header]);
  const metaPolicies = splitCspPolicies(o.meta);
  const numPolicies = httpPolicies.length + metaPolicies.length;
  let csp: CspDirectives;
  let duplicates: Set<string>;
  try {
    ({ directives: csp, duplicates } = parseCspPolicies([...httpPolicies, ...metaPolicies]));
  } catch (e) {
    if (!(e instanceof CspSyntaxError)) throw e;
    return testResult("content-security-policy", "csp-header-invalid", false, { numPolicies, error: e.message.slice(0, 200) });
  }
  const headerOnly = tryParse(() => parseCspPolicies(httpPolicies));
  const metaOnly = tryParse(() => parseMetaCspPolicies(metaPolicies));
  if (headerOnly.size + metaOnly.size === 0) {
    return o.reportOnly
      ? testResult("content-security-policy", "csp-not-implemented-but-reporting-enabled", false, { numPolicies })
      : testResult("content-security-policy", "csp-not-implemented", false, { numPolicies });
  }

  let result: ObservatoryResultName | null = null;
  const set = (r: ObservatoryResultName) => {
    result ??= r;
  };
  const any = (s: Iterable<string>, pred: (x: string) => boolean) => [...s].some(pred);
  const baseUri = csp.get("base-uri") ?? new Set(["*"]);
  const frameAncestors = headerOnly.get("frame-ancestors") ?? new Set(["*"]);
  const formAction = csp.get("form-action") ?? new Set(["*"]);
  const objectSrc = csp.get("object-src") ?? csp.get("default-src") ?? new Set(["*"]);
  // These are the parsed sets themselves (as in Observatory): removing a neutralised source affects later rules.
  const scriptSrc = csp.get("script-src") ?? csp.get("default-src") ?? new Set(["*"]);
  const styleSrc = csp.get("style-src") ?? csp.get("default-src") ?? new Set(["*"]);
  const hasNonceOrHash = (s: Set<string>) => any(s, (x) => NONCE_OR_HASH.test(x));
  for (const list of [scriptSrc, styleSrc]) if (hasNonceOrHash(list)) list.delete("'unsafe-inline'");
  let strictDynamic = false;
  if (hasNonceOrHash(scriptSrc) && scriptSrc.has("'strict-dynamic'")) {
    for (const s of [...scriptSrc]) if (any(DANGEROUSLY_BROAD, (b) => s.startsWith(b)) || s === "'self'" || s === "'unsafe-inline'") scriptSrc.delete(s);
    strictDynamic = true;
  } else if (scriptSrc.has("'strict-dynamic'")) {
    set("csp-header-invalid");
  }
  const active = [...[...csp].filter(([d]) => !PASSIVE_DIRECTIVES.includes(d) && d !== "script-src").flatMap(([, s]) => [...s]), ...scriptSrc];
  const passive = PASSIVE_DIRECTIVES.flatMap((d) => [...(csp.get(d) ?? csp.get("default-src") ?? [])]);
  const insecure = (s: string) => s.startsWith("http:") || s.startsWith("ftp:");

  const policy: CspPolicyFlags = {
    antiClickjacking: false, defaultNone: false, insecureBaseUri: false, insecureFormAction: false, insecureSchemeActive: false, insecureSchemePassive: false,
    strictDynamic, unsafeEval: false, unsafeInline: false, unsafeInlineStyle: false, unsafeObjects: false,
  };
  if (any(scriptSrc, (s) => BROAD_OR_INLINE.has(s)) || any(objectSrc, (s) => DANGEROUSLY_BROAD.has(s))) {
    set("csp-implemented-with-unsafe-inline");
    policy.unsafeInline = true;
  }
  if (https && active.some(insecure)) {
    set("csp-implemented-with-insecure-scheme");
    policy.insecureSchemeActive = true;
  }
  if (scriptSrc.has("'unsafe-eval'") || styleSrc.has("'unsafe-eval'")) {
    set("csp-implemented-with-unsafe-eval");
    policy.unsafeEval = true;
  }
  if (https && passive.some(insecure)) {
    set("csp-implemented-with-insecure-scheme-in-passive-content-only");
    policy.insecureSchemePassive = true;
  }
  if (any(styleSrc, (s) => BROAD_OR_INLINE.has(s))) {
    set("csp-implemented-with-unsafe-inline-in-style-src-only");
    policy.unsafeInlineStyle = true;
  }
  const defaultSrc = csp.get("default-src");
  if (defaultSrc?.has("'none'") && defaultSrc.size === 1) {
    set("csp-implemented-with-no-unsafe-default-src-none");
    policy.defaultNone = true;
  } else {
    set("csp-implemented-with-no-unsafe");
  }
  policy.antiClickjacking = ![...frameAncestors].some((s) => DANGEROUSLY_BROAD.has(s));
  policy.insecureBaseUri = any(baseUri, (s) => BROAD_OR_INLINE.has(s));
  policy.insecureFormAction = any(formAction, (s) => DANGEROUSLY_BROAD.has(s));
  policy.unsafeObjects = any(objectSrc, (s) => DANGEROUSLY_BROAD.has(s));

  let final: ObservatoryResultName = result!;
  const pass = PASSING.has(final);
  if (pass && duplicates.size > 0) final = "csp-implemented-but-duplicate-directives";
  const directives = Object.fromEntries([...csp].map(([d, s]) => [d, [...s].sort().slice(0, 50)]));
  return testResult("content-security-policy", final, pass, { numPolicies, http: httpPolicies.length > 0, meta: metaPolicies.length > 0, frameAncestorsInHeader: headerOnly.has("frame-ancestors"), policy, directives });
}
