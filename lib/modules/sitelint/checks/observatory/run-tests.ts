import { cookiePrefixTest, cookiesTest } from "./cookies-test";
import { contentSecurityPolicyTest } from "./csp-test";
import { corsTest, crossOriginEmbedderPolicyTest, crossOriginOpenerPolicyTest, crossOriginResourcePolicyTest, referrerPolicyTest, xContentTypeOptionsTest, xFrameOptionsTest } from "./header-tests";
import { observatoryScore } from "./score";
import { subresourceIntegrityTest } from "./sri-test";
import { mixedContentTest, strictTransportSecurityTest } from "./transport-tests";
import type { ObservatoryDocument, SecurityMetrics } from "./types";

/**
 * Run every per-document MDN HTTP Observatory test (all of Observatory's tests except the site-level `redirection`)
 * plus SiteLint's unscored `mixed-content` and `cookie-prefixes`, in Observatory's order, and score them.
 * Pure; never throws for a valid `doc.url`.
 * @returns `{ score, grade, tests }` — the page's score without `redirection` (see `observatoryScore`).
 */
export function runObservatoryTests(doc: ObservatoryDocument): SecurityMetrics {
  const h = doc.headers;
  const csp = contentSecurityPolicyTest({ url: doc.url, header: h["content-security-policy"], meta: doc.metaCsp, reportOnly: h["content-security-policy-report-only"] });
  const hsts = strictTransportSecurityTest(doc.url, h);
  const tests = [
    csp,
    cookiesTest({ url: doc.url, setCookies: doc.setCookies, hstsPass: hsts.pass }),
    crossOriginEmbedderPolicyTest(h),
    crossOriginOpenerPolicyTest(h),
    corsTest(h),
    referrerPolicyTest(h, doc.metaReferrer),
    hsts,
    subresourceIntegrityTest({ url: doc.url, contentType: h["content-type"], scripts: doc.scripts }),
    xContentTypeOptionsTest(h),
    xFrameOptionsTest(h, csp),
    crossOriginResourcePolicyTest(h),
    mixedContentTest(doc.url, doc.subresources),
    cookiePrefixTest({ url: doc.url, setCookies: doc.setCookies }),
  ];
  return { ...observatoryScore(tests), tests };
}
