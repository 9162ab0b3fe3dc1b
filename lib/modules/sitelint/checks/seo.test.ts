import { describe, expect, it } from "vitest";
import { httpStatusFinding, seoFindings } from "./seo";
import { judgeCanonical } from "./seo-canonical";
import { uncrawlableAnchors } from "./seo-crawlable-anchors";
import { hreflangProblems, isExpectedHreflang } from "./seo-hreflang";
import { linkHeaderElements, parseLinkHeader } from "./seo-link-header";
import { genericLinks } from "./seo-link-text";
import { crawlBlocks } from "./seo-noindex";
import type { SeoAnchor, SeoLinkElement, SeoSignals } from "./seo-signals";
import { structuredDataProblems } from "./seo-structured-data";

const PAGE = "https://www.example.com/docs/a";
const link = (l: Partial<SeoLinkElement> & { href?: string }): SeoLinkElement => ({ rel: "canonical", hrefRaw: l.href ?? "", href: l.href ?? "", hreflang: "", source: "head", ...l });
const anchor = (a: Partial<SeoAnchor>): SeoAnchor => ({
  href: "https://www.example.com/x", rawHref: "/x", role: "", name: "", id: "", text: "Pricing", rel: "", attributeNames: ["href"],
  isSvg: false, selector: "a", snippet: "<a>", ...a,
});
const GOOD: SeoSignals = {
  title: "Docs A",
  metas: [{ name: "description", content: "All about A." }, { name: "robots", content: "index, follow" }],
  htmlLang: "en",
  h1Count: 1,
  links: [link({ href: "https://example.com/docs/a" })],
  anchors: [anchor({})],
  ldJson: ['{"@context":"https://schema.org","@type":"Article"}'],
  metaCsp: [],
  baseUri: PAGE,
};
const run = (s: Partial<SeoSignals>, headers: Record<string, string> = {}, extra: Partial<Parameters<typeof seoFindings>[0]> = {}) =>
  seoFindings({ signals: { ...GOOD, ...s }, headers, pageUrl: PAGE, ...extra });
const ids = (f: { ruleId: string }[]) => f.map((x) => x.ruleId);

describe("seoFindings", () => {
  it("passes a well-formed page (canonical on the bare domain of a www page is the same site)", () => {
    expect(run({})).toEqual([]);
  });

  it("reports title, first meta description and h1 problems with Lighthouse refs; leaves <html lang> to axe", () => {
    const f = run({ title: null, metas: [{ name: "description", content: " " }, { name: "description", content: "second" }], htmlLang: null, h1Count: 3 });
    expect(ids(f)).toEqual(["seo-title", "seo-meta-description", "seo-h1"]);
    expect(f[0]).toMatchObject({ title: "Document has no <title> element", refs: { lighthouse: ["document-title"], axe: ["document-title"] } });
    expect(f[1]).toMatchObject({ title: "Meta description is empty", refs: { lighthouse: ["meta-description"] } });
    expect(f[2]).toMatchObject({ title: "Page has 3 <h1> elements" });
    expect(f[2]!.refs).toBeUndefined();
    expect(run({ title: "  " })[0]?.title).toBe("Document <title> is empty");
    expect(run({ metas: [] })[0]?.title).toBe("Document has no meta description");
  });

  it("reports an unsuccessful HTTP status (Lighthouse http-status-code: 400–599)", () => {
    expect(httpStatusFinding(404)).toMatchObject({ ruleId: "http-status", category: "seo", severity: "high", evidence: { httpStatus: 404 }, refs: { lighthouse: ["http-status-code"] } });
    expect(httpStatusFinding(200)).toBeUndefined();
    expect(httpStatusFinding(399)).toBeUndefined();
    expect(httpStatusFinding(undefined)).toBeUndefined();
  });

  it("is-crawlable: high when every search bot is blocked, medium when only some are", () => {
    const meta = run({ metas: [{ name: "description", content: "x" }, { name: "robots", content: "nofollow, NOINDEX, all" }] });
    expect(meta).toMatchObject([{ ruleId: "seo-noindex", severity: "high", refs: { lighthouse: ["is-crawlable"] }, evidence: { sources: [{ source: '<meta name="robots">' }] } }]);
    const onlyGoogle = run({}, { "x-robots-tag": "googlebot: none" });
    expect(onlyGoogle).toMatchObject([{ severity: "medium", title: "Page is blocked from indexing for Googlebot", evidence: { sources: [{ source: "X-Robots-Tag header", value: "googlebot: none" }] } }]);
    expect(run({}, { "x-robots-tag": "otherbot: noindex, nofollow" })).toEqual([]);
    const robotsTxt = { url: "https://www.example.com/robots.txt", found: true, status: 200, text: "User-agent: *\nDisallow: /docs/\n" };
    expect(run({}, {}, { robotsTxt })).toMatchObject([{ ruleId: "seo-noindex", severity: "high", evidence: { sources: [{ source: "robots.txt", value: "https://www.example.com/robots.txt line 2" }] } }]);
  });

  it("link-text, crawlable-anchors, hreflang, canonical and structured data each give one finding with their items", () => {
    const f = run({
      anchors: [anchor({ text: "Read more" }), anchor({ href: null, rawHref: "javascript:void(0)", text: "x" })],
      links: [link({ href: "/a", hrefRaw: "/a" }), link({ rel: "alternate", hreflang: "xx", href: "https://example.com/xx", hrefRaw: "https://example.com/xx" })],
      ldJson: ['{"@type": "Thing"}', "{ nope"],
    });
    expect(ids(f)).toEqual(["seo-link-text", "seo-crawlable-anchors", "seo-hreflang", "seo-canonical", "seo-structured-data", "seo-structured-data"]);
    expect(f.map((x) => x.refs?.lighthouse?.[0])).toEqual(["link-text", "crawlable-anchors", "hreflang", "canonical", undefined, undefined]);
    expect(f[3]).toMatchObject({ severity: "low", description: "Is not an absolute URL (/a)" });
    expect(f[4]).toMatchObject({ title: "Structured data block lacks @context or @type", description: "JSON-LD block 1: the top-level value has no @context" });
    expect(f[5]).toMatchObject({ title: "Structured data block is not valid JSON", evidence: { block: 1, position: { offset: 2, line: 1, column: 3 } } });
  });

  it("reports a missing canonical as info with no Lighthouse ref (Lighthouse: not applicable)", () => {
    expect(run({ links: [] })).toMatchObject([{ ruleId: "seo-canonical-missing", severity: "info" }]);
    expect(run({ links: [] })[0]!.refs).toBeUndefined();
  });
});

describe("judgeCanonical (Lighthouse canonical)", () => {
  const judge = (links: Parameters<typeof judgeCanonical>[0]["links"], pageUrl = PAGE) => judgeCanonical({ links, pageUrl });
  it("follows Lighthouse's order and messages", () => {
    expect(judge([])).toEqual({ kind: "none" });
    expect(judge([link({ hrefRaw: "" })])).toEqual({ kind: "none" });
    expect(judge([link({ source: "body", href: "https://x.test/" })])).toEqual({ kind: "none" });
    expect(judge([link({ hrefRaw: "http://[", href: "http://[" })])).toMatchObject({ issue: "Invalid URL (http://[)", severity: "medium" });
    expect(judge([link({ hrefRaw: "a", href: "https://www.example.com/docs/a" })])).toMatchObject({ issue: "Is not an absolute URL (a)", severity: "low" });
    const two = [link({ href: "https://example.com/other" }), ...linkHeaderElements('<https://example.com>; rel="canonical"', PAGE)];
    expect(judge(two)).toMatchObject({ issue: "Multiple conflicting URLs (https://example.com/other, https://example.com/)" });
    expect(judge([link({ href: "https://www.example.com/" })])).toMatchObject({ issue: expect.stringContaining("root URL") });
    expect(judge([link({ href: "https://www.example.com/" })], "https://www.example.com/")).toEqual({ kind: "ok", canonical: "https://www.example.com/" });
    expect(judge([link({ href: "https://other.test/docs/a" })])).toMatchObject({ issue: "canonical points to another host (other.test)" });
    const alternates = [
      link({ href: "https://www.example.com/de" }),
      link({ rel: "alternate", hreflang: "de", href: "https://www.example.com/de" }),
      link({ rel: "alternate", hreflang: "en", href: PAGE }),
    ];
    expect(judge(alternates)).toMatchObject({ issue: `Points to another \`hreflang\` location (${PAGE})` });
  });
});

describe("crawlBlocks (Lighthouse is-crawlable, per bot)", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const cb = (o: Partial<Parameters<typeof crawlBlocks>[0]>) => crawlBlocks({ metas: [], pageUrl: PAGE, now, ...o });
  it("prefers a bot's own meta tag over robots, and scopes X-Robots-Tag groups", () => {
    expect(cb({ metas: [{ name: "robots", content: "noindex" }, { name: "googlebot", content: "index" }] })).toMatchObject({ allBlocked: false, blockedBots: ["*", "bingbot", "DuckDuckBot", "archive.org_bot"] });
    expect(cb({ metas: [{ name: "googlebot", content: "noindex" }] })).toMatchObject({ allBlocked: false, blockedBots: ["Googlebot"] });
    expect(cb({ xRobotsTag: "unavailable_after: 2025-06-01" })).toMatchObject({ allBlocked: true });
    expect(cb({ xRobotsTag: "unavailable_after: 2030-06-01" }).blockedBots).toEqual([]);
    expect(cb({ xRobotsTag: "bingbot: noindex, googlebot: nofollow" }).blockedBots).toEqual(["bingbot"]);
    expect(cb({ xRobotsTag: "max-snippet: 20, none" })).toMatchObject({ allBlocked: true, sources: [{ source: "X-Robots-Tag header" }] });
  });
  it("counts a robots.txt disallow per bot group", () => {
    const robotsTxt = { url: "https://www.example.com/robots.txt", found: true, text: "User-agent: Googlebot\nDisallow: /\n" };
    expect(cb({ robotsTxt })).toMatchObject({ allBlocked: false, blockedBots: ["Googlebot"], sources: [{ source: "robots.txt" }] });
  });
});

describe("link-text, crawlable-anchors, hreflang, Link header", () => {
  it("link-text uses the text's language list, or all lists without one, and skips what Lighthouse skips", () => {
    const links = genericLinks({
      pageUrl: PAGE, baseUri: PAGE,
      anchors: [
        anchor({ text: " Click Here " }), anchor({ text: "hier", textLang: "de-CH" }), anchor({ text: "Start", textLang: "de-DE" }),
        anchor({ text: "mehr" }), anchor({ text: "here", rel: "nofollow" }), anchor({ text: "here", href: `${PAGE}#top` }),
        anchor({ text: "here", href: "javascript:void(0)" }), anchor({ text: "here", href: "mailto:a@b.test" }),
        anchor({ text: "here", href: null, rawHref: "/svg", isSvg: true }), anchor({ text: "here", href: "" }),
      ],
    });
    expect(links.map((l) => [l.text, l.textLang])).toEqual([["Click Here", undefined], ["hier", "de-CH"], ["mehr", undefined], ["here", undefined]]);
    expect(links[3]!.href).toBe("https://www.example.com/svg");
  });

  it("crawlable-anchors follows Lighthouse's pass/fail rules", () => {
    const bad = uncrawlableAnchors({
      pageUrl: PAGE,
      listeners: [["click"], []],
      anchors: [
        anchor({ rawHref: "", attributeNames: ["class"], probe: 0, selector: "a.listener" }),
        anchor({ rawHref: "", attributeNames: [], probe: 1 }),
        anchor({ rawHref: "", attributeNames: ["onclick"], selector: "a.inline" }),
        anchor({ rawHref: "javascript: void(0)", selector: "a.void" }),
        anchor({ rawHref: "file:///etc/passwd", selector: "a.file" }),
        anchor({ rawHref: "http://[", selector: "a.invalid" }),
        anchor({ rawHref: "", attributeNames: ["id"], id: "top" }),
        anchor({ rawHref: "", attributeNames: ["role"], role: "button" }),
        anchor({ rawHref: "mailto:javascript:void(0)" }),
        anchor({ rawHref: "javascript:;" }),
      ],
    });
    expect(bad.map((b) => b.selector)).toEqual(["a.listener", "a.inline", "a.void", "a.file", "a.invalid"]);
  });

  it("hreflang accepts BCP 47 language codes and x-default, from <head> and the Link header", () => {
    expect(["es", "en-PH", "RU-ru", "zh-Hans-TW", "X-Default", "qaa"].every(isExpectedHreflang)).toBe(true);
    expect(["xx", " x-default", "english", ""].some(isExpectedHreflang)).toBe(false);
    const problems = hreflangProblems([
      link({ rel: "alternate", hreflang: "es", hrefRaw: "" }),
      link({ rel: "alternate", hreflang: "de", hrefRaw: "https://example.com/de", source: "body" }),
      link({ rel: "alternate", hreflang: "de", hrefRaw: "HTTPS://example.com/de" }),
      ...linkHeaderElements('<http://example.com>;rel="alternate";hreflang="xx"', PAGE),
    ]);
    expect(problems).toEqual([
      { source: '<link rel="alternate" hreflang="es" href="" />', reasons: ["Relative href value"] },
      { source: 'Link: <http://example.com>; rel="alternate"; hreflang="xx"', reasons: ["Unexpected language code"] },
    ]);
  });

  it("parses Link headers with quoted commas and several values", () => {
    expect(parseLinkHeader('<https://a.test/x>; rel="preload"; as=style; title="a, b", <https://a.test/c>; REL=canonical')).toEqual([
      { uri: "https://a.test/x", params: { rel: "preload", as: "style", title: "a, b" } },
      { uri: "https://a.test/c", params: { rel: "canonical" } },
    ]);
    expect(parseLinkHeader(undefined)).toEqual([]);
    expect(parseLinkHeader("garbage, <https://a.test/>; rel=next")).toEqual([{ uri: "https://a.test/", params: { rel: "next" } }]);
  });

  it("structured data: top-level arrays and @graph items", () => {
    expect(structuredDataProblems(['[{"@context":"https://schema.org","@type":"A"},{"@type":"B"}]'])).toMatchObject([{ block: 0, problems: ["item 1 has no @context"] }]);
    expect(structuredDataProblems(['{"@context":"https://schema.org","@graph":[{"@type":"A"},{"name":"x"}]}'])).toMatchObject([{ problems: ["the top-level value @graph[1] has no @type"] }]);
    expect(structuredDataProblems(['{"@context":"https://schema.org","@type":"A"}', "42"])).toMatchObject([{ block: 1, problems: ["the top-level value is not a JSON object"] }]);
    expect(structuredDataProblems(['{\n  "a": 1,\n  "b": }'])).toMatchObject([{ position: { line: 3, column: 8 } }]);
  });
});
