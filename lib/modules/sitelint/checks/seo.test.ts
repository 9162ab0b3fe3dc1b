import { describe, expect, it } from "vitest";
import { httpStatusFinding, seoFindings } from "./seo";
import { linkHeaderCanonicals } from "./seo-canonical";
import { noindexSources } from "./seo-noindex";
import type { SeoSignals } from "./seo-signals";

const PAGE = "https://www.example.com/docs/a";
const GOOD: SeoSignals = {
  title: "Docs A",
  metaDescriptions: ["All about A."],
  htmlLang: "en",
  h1Count: 1,
  canonicalHrefs: ["https://example.com/docs/a"],
  robotsMeta: [{ name: "robots", content: "index, follow" }],
  metaCsp: [],
  baseUri: PAGE,
};
const run = (s: Partial<SeoSignals>, headers: Record<string, string> = {}) => seoFindings({ signals: { ...GOOD, ...s }, headers, pageUrl: PAGE });
const ids = (f: { ruleId: string }[]) => f.map((x) => x.ruleId);

describe("seoFindings", () => {
  it("passes a well-formed page (canonical on the bare domain of a www page is the same site)", () => {
    expect(run({})).toEqual([]);
  });

  it("reports title, description, lang and h1 problems", () => {
    const f = run({ title: null, metaDescriptions: [" "], htmlLang: null, h1Count: 3 });
    expect(ids(f)).toEqual(["seo-title", "seo-meta-description", "seo-html-lang", "seo-h1"]);
    expect(f[0]?.title).toBe("Document has no <title> element");
    expect(f[1]?.title).toBe("Meta description is empty");
    expect(f[3]?.title).toBe("Page has 3 <h1> elements");
    expect(run({ title: "  " })[0]?.title).toBe("Document <title> is empty");
    expect(run({ h1Count: 0 })[0]?.title).toBe("Page has no <h1>");
  });

  it("reports an unsuccessful HTTP status (Lighthouse http-status-code)", () => {
    expect(httpStatusFinding(404)).toMatchObject({ ruleId: "http-status", category: "seo", severity: "high", evidence: { httpStatus: 404 } });
    expect(httpStatusFinding(200)).toBeUndefined();
    expect(httpStatusFinding(undefined)).toBeUndefined();
  });

  it("grades canonical problems and keeps one finding with every issue", () => {
    expect(run({ canonicalHrefs: [] })).toMatchObject([{ ruleId: "seo-canonical", severity: "info" }]);
    expect(run({ canonicalHrefs: ["/docs/a"] })).toMatchObject([{ severity: "low" }]);
    expect(run({ canonicalHrefs: ["https://other.test/docs/a"] })).toMatchObject([{ severity: "medium", description: expect.stringContaining("another host") }]);
    expect(run({ canonicalHrefs: ["https://example.com/"] })).toMatchObject([{ description: expect.stringContaining("site root") }]);
    expect(run({ canonicalHrefs: ["http://["] })).toMatchObject([{ description: expect.stringContaining("invalid") }]);
    const both = run({}, { link: '<https://example.com/other>; rel="canonical"' });
    expect(both).toMatchObject([{ ruleId: "seo-canonical", severity: "medium", description: "2 conflicting canonical URLs" }]);
  });

  it("finds noindex in meta robots/googlebot and X-Robots-Tag, naming the source", () => {
    const meta = run({ robotsMeta: [{ name: "robots", content: "nofollow, NOINDEX, all" }] });
    expect(meta).toMatchObject([{ ruleId: "seo-noindex", severity: "high", evidence: { sources: [{ source: '<meta name="robots">' }] } }]);
    const header = run({}, { "x-robots-tag": "googlebot: none" });
    expect(header).toMatchObject([{ evidence: { sources: [{ source: "X-Robots-Tag header", value: "googlebot: none" }] } }]);
    expect(run({}, { "x-robots-tag": "otherbot: noindex, nofollow" })).toEqual([]);
  });
});

describe("noindexSources / linkHeaderCanonicals", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it("handles unavailable_after and UA-scoped header groups", () => {
    expect(noindexSources({ robotsMeta: [], xRobotsTag: "unavailable_after: 2025-06-01", now })).toHaveLength(1);
    expect(noindexSources({ robotsMeta: [], xRobotsTag: "unavailable_after: 2030-06-01", now })).toHaveLength(0);
    expect(noindexSources({ robotsMeta: [], xRobotsTag: "bingbot: noindex, googlebot: nofollow", now })).toHaveLength(0);
    expect(noindexSources({ robotsMeta: [], xRobotsTag: "bingbot: nofollow, googlebot: noindex", now })).toHaveLength(1);
    expect(noindexSources({ robotsMeta: [{ name: "googlebot", content: "none" }], now })).toEqual([{ source: '<meta name="googlebot">', value: "none" }]);
  });

  it("parses canonical links out of a Link header", () => {
    expect(linkHeaderCanonicals('<https://a.test/x>; rel="preload"; as=style, <https://a.test/c>; rel="canonical"')).toEqual(["https://a.test/c"]);
    expect(linkHeaderCanonicals("<https://a.test/c>; rel=canonical")).toEqual(["https://a.test/c"]);
    expect(linkHeaderCanonicals(undefined)).toEqual([]);
  });
});
