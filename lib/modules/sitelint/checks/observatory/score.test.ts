// Grader expectations of MDN HTTP Observatory (test/grader.test.js, test/scanner.test.js at mdn/mdn-http-observatory
// 94042bb). The two site fixtures below are the relevant response headers, <script> tags and http:// redirect chains
// of its test/fixtures/mozilla-org.json and observatory-mozilla-org.json (captured 2026-01-12), which its scanner test
// grades B / 75 (2 tests failed) and A+ / 110 (none failed).
import { describe, expect, it } from "vitest";
import { classifyRedirectRoute } from "./redirection";
import { testResult } from "./results";
import { runObservatoryTests } from "./run-tests";
import { gradeForScore, observatoryScore } from "./score";
import { siteSecurityGrade } from "./site-grade";
import type { ObservatoryDocument, ScriptTag } from "./types";

const MOZILLA_ORG = {
  url: "https://mozilla.org/",
  headers: {
    "x-content-type-options": "nosniff",
    "content-security-policy": "frame-src 'self' accounts.firefox.com js.stripe.com www.google-analytics.com www.googletagmanager.com www.youtube.com; script-src 'self' 'unsafe-eval' 'unsafe-inline' cdn.transcend.io js.stripe.com s.ytimg.com tagmanager.google.com transcend-cdn.com www.google-analytics.com www.googletagmanager.com www.mozilla.org www.youtube.com; form-action 'self' https://abdri3ttkb.execute-api.us-east-2.amazonaws.com https://accounts.firefox.com/ https://basket.mozilla.org; font-src 'self' www.mozilla.org; style-src 'self' 'unsafe-inline' cdn.transcend.io transcend-cdn.com www.mozilla.org; default-src 'self' *.mozilla.org; frame-ancestors 'none'; connect-src 'self' cdn.transcend.io https://abdri3ttkb.execute-api.us-east-2.amazonaws.com https://accounts.firefox.com/ https://basket.mozilla.org o1069899.ingest.sentry.io o1069899.sentry.io region1.google-analytics.com telemetry.transcend.io telemetry.us.transcend.io transcend-cdn.com www.google-analytics.com www.googletagmanager.com www.mozilla.org/submit/bedrock/; upgrade-insecure-requests; img-src 'self' blog.mozilla.org data: images.ctfassets.net www.google-analytics.com www.googletagmanager.com www.mozilla.org; object-src 'none'; media-src 'self' assets.mozilla.net videos.cdn.mozilla.net www.mozilla.org; base-uri 'none'",
    "content-type": "text/html; charset=utf-8",
    "cross-origin-opener-policy": "same-origin",
    "strict-transport-security": "max-age=31536000",
    "referrer-policy": "strict-origin-when-cross-origin",
    "content-security-policy-report-only": "frame-src 'self' accounts.firefox.com js.stripe.com www.google-analytics.com www.googletagmanager.com www.youtube.com; script-src 'self' 'unsafe-eval' 'unsafe-inline' cdn.transcend.io js.stripe.com s.ytimg.com tagmanager.google.com transcend-cdn.com www.google-analytics.com www.googletagmanager.com www.mozilla.org www.youtube.com; form-action 'self' https://abdri3ttkb.execute-api.us-east-2.amazonaws.com https://accounts.firefox.com/ https://basket.mozilla.org; font-src 'self' www.mozilla.org; style-src 'self' 'unsafe-inline' cdn.transcend.io transcend-cdn.com www.mozilla.org; default-src 'self' *.mozilla.org; frame-ancestors 'none'; connect-src 'self' cdn.transcend.io https://abdri3ttkb.execute-api.us-east-2.amazonaws.com https://accounts.firefox.com/ https://basket.mozilla.org o1069899.ingest.sentry.io o1069899.sentry.io region1.google-analytics.com telemetry.transcend.io telemetry.us.transcend.io transcend-cdn.com www.google-analytics.com www.googletagmanager.com www.mozilla.org/submit/bedrock/; upgrade-insecure-requests; img-src 'self' blog.mozilla.org data: images.ctfassets.net www.google-analytics.com www.googletagmanager.com www.mozilla.org; object-src 'none'; media-src 'self' assets.mozilla.net videos.cdn.mozilla.net www.mozilla.org; base-uri 'none'",
    "x-frame-options": "DENY"
  },
  scripts: [{"src":"https://transcend-cdn.com/cm/d556c3a1-e57c-4bdf-a490-390a1aebf6dd/airgap.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/site.a066757d134f.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/site-ie.c7db1be2702b.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/ie/libs/html5shiv.a94a0b700fa2.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/gtm-snippet.b5b7c885f8fa.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/sentry.c634abfeefb4.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/lib.7cb1e204ce21.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/fxa.f30434397531.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/data.024ac2959f4a.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/m24-ui.512060aa22cd.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/lib-ie.cf16e08599c3.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/stub-attribution.819aeb6b157b.js","integrity":null,"crossorigin":null},{"src":"https://www.mozilla.org/media/js/consent-banner.497ea1aa3e76.js","integrity":null,"crossorigin":null}],
  httpRedirects: [{"url":"http://mozilla.org/","status":302},{"url":"https://mozilla.org/","status":301},{"url":"https://www.mozilla.org/","status":200}],
};
const OBSERVATORY_MOZILLA_ORG = {
  url: "https://observatory.mozilla.org/",
  headers: {
    "referrer-policy": "strict-origin-when-cross-origin",
    "content-security-policy": "default-src 'self'; script-src 'report-sample' 'self' 'wasm-unsafe-eval' https://www.google-analytics.com/analytics.js https://*.googletagmanager.com assets.codepen.io production-assets.codepen.io https://js.stripe.com 'sha256-XNBp89FG76amD8BqrJzyflxOF9PaWPqPqvJfKZPCv7M=' 'sha256-YCNoU9DNiinACbd8n6UPyB/8vj0kXvhkOni9/06SuYw=' 'sha256-PZjP7OR6mBEtnvXIZfCZ5PuOlxoDF1LDZL8aj8c42rw='; script-src-elem 'report-sample' 'self' 'wasm-unsafe-eval' https://www.google-analytics.com/analytics.js https://*.googletagmanager.com assets.codepen.io production-assets.codepen.io https://js.stripe.com 'sha256-XNBp89FG76amD8BqrJzyflxOF9PaWPqPqvJfKZPCv7M=' 'sha256-YCNoU9DNiinACbd8n6UPyB/8vj0kXvhkOni9/06SuYw=' 'sha256-PZjP7OR6mBEtnvXIZfCZ5PuOlxoDF1LDZL8aj8c42rw='; style-src 'report-sample' 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; connect-src 'self' developer.allizom.org bcd.developer.allizom.org bcd.developer.mozilla.org updates.developer.allizom.org updates.developer.mozilla.org https://*.google-analytics.com https://*.analytics.google.com https://*.googletagmanager.com https://incoming.telemetry.mozilla.org https://observatory-api.mdn.allizom.net https://observatory-api.mdn.mozilla.net https://api.github.com/search/issues stats.g.doubleclick.net https://api.stripe.com; font-src 'self'; frame-src 'self' mdn.github.io *.mdnplay.dev *.mdnyalp.dev *.play.test.mdn.allizom.net https://v2.scrimba.com https://scrimba.com jsfiddle.net www.youtube-nocookie.com codepen.io survey.alchemer.com https://js.stripe.com; img-src 'self' data: *.githubusercontent.com *.googleusercontent.com *.gravatar.com mozillausercontent.com firefoxusercontent.com profile.stage.mozaws.net profile.accounts.firefox.com developer.mozilla.org mdn.dev wikipedia.org upload.wikimedia.org https://mdn.github.io/shared-assets/ https://mdn.dev/ https://*.google-analytics.com https://*.googletagmanager.com www.gstatic.com; manifest-src 'self'; media-src 'self' archive.org videos.cdn.mozilla.net https://mdn.github.io/shared-assets/; child-src 'self'; worker-src 'self';",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "content-type": "text/html",
    "strict-transport-security": "max-age=63072000"
  },
  scripts: [{"src":null,"integrity":null,"crossorigin":null},{"src":"/static/client/runtime.78ab025a4834993c.js","integrity":null,"crossorigin":null},{"src":"/static/client/1111.53dba753dc3eb961.js","integrity":null,"crossorigin":null},{"src":"/static/client/8903.ce3ee42276c345b9.js","integrity":null,"crossorigin":null},{"src":"/static/client/index.84551a04d557157b.js","integrity":null,"crossorigin":null}],
  httpRedirects: [{"url":"http://observatory.mozilla.org/","status":302},{"url":"https://observatory.mozilla.org/","status":301},{"url":"https://developer.mozilla.org/en-US/observatory","status":200}],
};

function grade(site: { url: string; headers: Record<string, string>; scripts: ScriptTag[]; httpRedirects: { url: string; status: number }[] }) {
  const doc: ObservatoryDocument = { url: site.url, headers: site.headers, setCookies: [], metaCsp: [], metaReferrer: [], scripts: site.scripts, subresources: [] };
  const page = runObservatoryTests(doc);
  const redirection = classifyRedirectRoute({ kind: "route", hops: site.httpRedirects });
  const tests = [...page.tests.filter((t) => t.scored), redirection];
  return { page, redirection, tests, ...observatoryScore(tests) };
}

describe("Observatory grading", () => {
  it("maps scores to grades like getGradeForScore", () => {
    expect(gradeForScore(100)).toEqual({ score: 100, grade: "A+" });
    expect(gradeForScore(0)).toEqual({ score: 0, grade: "F" });
    expect(gradeForScore(120)).toEqual({ score: 120, grade: "A+" });
    expect(gradeForScore(-10)).toEqual({ score: 0, grade: "F" });
    const chart = [[95, "A"], [90, "A"], [89, "A-"], [85, "A-"], [80, "B+"], [79, "B"], [70, "B"], [65, "B-"], [60, "C+"], [55, "C"], [50, "C"], [45, "C-"], [40, "D+"], [35, "D"], [30, "D"], [25, "D-"], [24, "F"], [5, "F"]] as const;
    for (const [score, g] of chart) expect(gradeForScore(score).grade, String(score)).toBe(g);
  });

  it("adds bonuses only when the penalties leave at least 90, and ignores unscored results", () => {
    const bonus = testResult("x-frame-options", "x-frame-options-sameorigin-or-deny", true);
    expect(observatoryScore([testResult("x-content-type-options", "x-content-type-options-not-implemented", false), bonus])).toEqual({ score: 100, grade: "A+" });
    expect(observatoryScore([testResult("content-security-policy", "csp-not-implemented", false), bonus])).toEqual({ score: 75, grade: "B" });
    expect(observatoryScore([testResult("cookies", "cookies-session-without-secure-flag", false), testResult("cross-origin-resource-sharing", "cross-origin-resource-sharing-implemented-with-universal-access", false), testResult("content-security-policy", "csp-not-implemented", false)])).toEqual({ score: 0, grade: "F" });
    expect(observatoryScore([testResult("mixed-content", "mixed-content-active", false)])).toEqual({ score: 100, grade: "A+" });
  });

  it("grades observatory.mozilla.org A+ / 110 with no failed test (Observatory scanner test)", () => {
    const g = grade(OBSERVATORY_MOZILLA_ORG);
    expect({ score: g.score, grade: g.grade }).toEqual({ score: 110, grade: "A+" });
    expect(g.tests).toHaveLength(12);
    expect(g.tests.filter((t) => !t.pass).map((t) => t.test)).toEqual([]);
    const by = Object.fromEntries(g.tests.map((t) => [t.test, t.result]));
    expect(by).toMatchObject({
      "content-security-policy": "csp-implemented-with-unsafe-inline-in-style-src-only", "referrer-policy": "referrer-policy-private", "x-frame-options": "x-frame-options-sameorigin-or-deny",
      "subresource-integrity": "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", redirection: "redirection-to-https", "strict-transport-security": "hsts-implemented-max-age-at-least-six-months",
    });
  });

  it("grades mozilla.org B / 75 with two failed tests (CSP unsafe-inline, third-party script without SRI)", () => {
    const g = grade(MOZILLA_ORG);
    expect({ score: g.score, grade: g.grade }).toEqual({ score: 75, grade: "B" });
    expect(g.tests.filter((t) => !t.pass).map((t) => [t.test, t.result, t.scoreModifier])).toEqual([
      ["content-security-policy", "csp-implemented-with-unsafe-inline", -20],
      ["subresource-integrity", "sri-not-implemented-but-external-scripts-loaded-securely", -5],
    ]);
    // Without the redirection test the page score is the same (redirection-to-https is worth 0).
    expect({ score: g.page.score, grade: g.page.grade }).toEqual({ score: 75, grade: "B" });
  });

  it("site grade: start page with redirection, lowest page, grade counts", () => {
    const good = runObservatoryTests({ url: "https://observatory.mozilla.org/", headers: OBSERVATORY_MOZILLA_ORG.headers, setCookies: [], metaCsp: [], metaReferrer: [], scripts: [], subresources: [] });
    const bad = runObservatoryTests({ url: "https://observatory.mozilla.org/bad", headers: {}, setCookies: [], metaCsp: [], metaReferrer: [], scripts: [], subresources: [] });
    const missing = classifyRedirectRoute({ kind: "route", hops: [{ url: "http://observatory.mozilla.org/", status: 200 }] });
    const site = siteSecurityGrade({
      startUrl: "https://observatory.mozilla.org/",
      redirection: missing,
      pages: [
        { url: "https://observatory.mozilla.org/", metrics: { security: good, performance: { lcp: 1 } } },
        { url: "https://observatory.mozilla.org/", metrics: { security: good } },
        { url: "https://observatory.mozilla.org/bad", metrics: { security: bad } },
        { url: "https://observatory.mozilla.org/failed", metrics: null },
      ],
    });
    // 110 - 20 (redirection-missing) = 80 < 90: no bonuses → 80.
    expect(site).toEqual({
      start: { url: "https://observatory.mozilla.org/", score: 80, grade: "B+" },
      lowest: { url: "https://observatory.mozilla.org/bad", score: 10, grade: "F" },
      pages_graded: 2,
      by_grade: { "B+": 1, F: 1 },
      redirection: { result: "redirection-missing", pass: false, score_modifier: -20, scored: true },
    });
    expect(bad.score).toBe(30);
  });
});
