import type { HeaderMap } from "../http-headers";
import type { RobotsFetch } from "../robots";
import type { FindingDraft } from "../types";
import { seoRefs } from "./refs";
import { judgeCanonical } from "./seo-canonical";
import { uncrawlableAnchors } from "./seo-crawlable-anchors";
import { hreflangProblems } from "./seo-hreflang";
import { linkHeaderElements } from "./seo-link-header";
import { genericLinks } from "./seo-link-text";
import { crawlBlocks } from "./seo-noindex";
import type { SeoSignals } from "./seo-signals";
import { structuredDataProblems } from "./seo-structured-data";

const LH = "https://developer.chrome.com/docs/lighthouse/seo/";
const MAX_ITEMS = 50;

type Draft = Omit<FindingDraft, "category" | "sourceTool" | "tags" | "confidence"> & { confidence?: number };
/** An SEO finding with its Lighthouse (and axe) refs from `refs.ts`. */
export const seoFinding = (d: Draft): FindingDraft => {
  const refs = seoRefs(d.ruleId);
  return { category: "seo", sourceTool: "sitelint-seo", tags: ["seo"], confidence: 0.9, ...(refs ? { refs } : {}), ...d };
};

/**
 * Lighthouse 13 `http-status-code` ("Page has unsuccessful HTTP status code"): `http-status`, high, when the main
 * document answered 400–599. Kept apart from {@link seoFindings} because it applies to non-HTML responses too.
 */
export function httpStatusFinding(httpStatus: number | undefined): FindingDraft | undefined {
  if (httpStatus === undefined || httpStatus < 400 || httpStatus > 599) return undefined;
  return seoFinding({
    ruleId: "http-status", severity: "high", confidence: 1, title: `Page has unsuccessful HTTP status code ${httpStatus}`,
    description: "Pages with unsuccessful HTTP status codes may not be indexed properly.",
    suggestedFix: "Serve the page with 200, redirect it (301) to its replacement, or remove links to it.",
    helpUrl: `${LH}http-status-code`, evidence: { httpStatus },
  });
}

export type SeoFindingsInput = {
  signals: SeoSignals;
  /** Main document response headers (lower-case names; `X-Robots-Tag`, `Link`). */
  headers: HeaderMap;
  /** The page's final URL. */
  pageUrl: string;
  /** Event types per probed anchor (`probeAnchorListeners`); undefined = unknown (inline `on…` attributes decide). */
  anchorListeners?: string[][];
  /** The site's robots.txt (`fetchRobots`), so `is-crawlable` sees a robots.txt block; omitted = not considered. */
  robotsTxt?: RobotsFetch;
  /** Clock for `unavailable_after` (default now). */
  now?: Date;
};

/**
 * SEO findings for one HTML page: Lighthouse 13's SEO category (GoogleChrome/lighthouse f8eac394, `core/audits/seo/`)
 * re-implemented on {@link SeoSignals}, plus two checks of SiteLint's own. Each finding's `refs.lighthouse` names the
 * audit (`refs.ts`).
 * - `seo-title` (document-title; also axe `document-title`): no or empty `<title>`, medium.
 * - `seo-meta-description` (meta-description): the first `<meta name=description>` missing or blank, medium.
 * - `seo-noindex` (is-crawlable): meta robots/bot tags, `X-Robots-Tag`, robots.txt — high when every search bot is
 *   blocked (Lighthouse fails), medium when only some are (Lighthouse warns). Evidence `{ sources }`.
 * - `seo-link-text` (link-text), low; `seo-crawlable-anchors` (crawlable-anchors), medium; `seo-hreflang` (hreflang),
 *   medium; `seo-canonical` (canonical), medium (relative: low) — one finding per page each, listing every item.
 * - `seo-canonical-missing`: no canonical at all (info; Lighthouse: not applicable). `seo-h1`: not exactly one `<h1>`
 *   (low; no Lighthouse audit). `seo-structured-data`: one finding per unusable JSON-LD block (medium; Lighthouse has
 *   only a manual audit).
 * `<html lang>` is left to axe (`html-has-lang`, `html-lang-valid`) so it is reported once.
 * Pure: no browser, no I/O.
 */
export function seoFindings({ signals, headers, pageUrl, anchorListeners, robotsTxt, now }: SeoFindingsInput): FindingDraft[] {
  const out: FindingDraft[] = [];
  if (!signals.title?.trim()) {
    out.push(seoFinding({
      ruleId: "seo-title", severity: "medium", title: signals.title === null ? "Document has no <title> element" : "Document <title> is empty",
      suggestedFix: "Give every page a unique, descriptive <title> (about 50–60 characters).", helpUrl: `${LH}document-title`,
      evidence: { title: signals.title },
    }));
  }
  const description = signals.metas.find((m) => m.name === "description");
  if (!description?.content.trim()) {
    out.push(seoFinding({
      ruleId: "seo-meta-description", severity: "medium",
      title: description ? "Meta description is empty" : "Document has no meta description",
      description: "Meta descriptions may be included in search results to concisely summarize page content.",
      suggestedFix: 'Add <meta name="description" content="…"> summarising the page in one or two sentences.',
      helpUrl: `${LH}meta-description`, evidence: { metaDescription: description?.content.slice(0, 300) ?? null },
    }));
  }
  if (signals.h1Count !== 1) {
    out.push(seoFinding({
      ruleId: "seo-h1", severity: "low", confidence: signals.h1Count === 0 ? 0.7 : 0.5,
      title: signals.h1Count === 0 ? "Page has no <h1>" : `Page has ${signals.h1Count} <h1> elements`,
      description: "One top-level heading naming the page's topic helps search engines and screen-reader users; several compete.",
      suggestedFix: "Use exactly one <h1> for the page's main topic and <h2>–<h6> below it.",
      helpUrl: "https://developers.google.com/search/docs/fundamentals/seo-starter-guide", evidence: { h1Count: signals.h1Count },
    }));
  }
  const crawl = crawlBlocks({ metas: signals.metas, xRobotsTag: headers["x-robots-tag"], robotsTxt, pageUrl, now });
  if (crawl.blockedBots.length > 0) {
    out.push(seoFinding({
      ruleId: "seo-noindex", severity: crawl.allBlocked ? "high" : "medium", confidence: 0.95,
      title: crawl.allBlocked ? "Page is blocked from indexing" : `Page is blocked from indexing for ${crawl.blockedBots.join(", ")}`,
      description: `Blocked by ${[...new Set(crawl.sources.map((s) => s.source))].join(" and ")}. Fine for private pages; a serious problem anywhere else.`,
      suggestedFix: "Remove `noindex`/`none` from the robots meta tags and the X-Robots-Tag header (and the robots.txt rule) if this page should appear in search.",
      helpUrl: `${LH}is-crawlable`, evidence: { sources: crawl.sources.map((s) => ({ source: s.source, value: s.value.slice(0, 300) })) },
    }));
  }
  const generic = genericLinks({ anchors: signals.anchors, pageUrl, baseUri: signals.baseUri || pageUrl });
  if (generic.length > 0) {
    out.push(seoFinding({
      ruleId: "seo-link-text", severity: "low", confidence: 0.8, title: "Links do not have descriptive text",
      description: `${generic.length} link${generic.length === 1 ? "" : "s"} found with generic text such as "${generic[0]!.text}". Descriptive link text helps search engines understand your content.`,
      suggestedFix: 'Say where the link leads ("Pricing for teams", not "click here").', helpUrl: `${LH}link-text`, selector: generic[0]!.selector,
      evidence: { links: generic.slice(0, MAX_ITEMS).map((l) => ({ href: l.href.slice(0, 300), text: l.text.slice(0, 100), textLang: l.textLang ?? null, selector: l.selector })), count: generic.length },
    }));
  }
  const uncrawlable = uncrawlableAnchors({ anchors: signals.anchors, listeners: anchorListeners, pageUrl });
  if (uncrawlable.length > 0) {
    out.push(seoFinding({
      ruleId: "seo-crawlable-anchors", severity: "medium", confidence: 0.85, title: "Links are not crawlable",
      description: `${uncrawlable.length} anchor${uncrawlable.length === 1 ? "" : "s"} without a followable href: search engines use href attributes to discover pages.`,
      suggestedFix: 'Give each link a real URL in href (<a href="/page">), and use <button> for actions that are not navigation.',
      helpUrl: "https://support.google.com/webmasters/answer/9112205", selector: uncrawlable[0]!.selector,
      evidence: { anchors: uncrawlable.slice(0, MAX_ITEMS), count: uncrawlable.length },
    }));
  }
  const links = [...signals.links, ...linkHeaderElements(headers["link"], pageUrl)];
  const hreflang = hreflangProblems(links);
  if (hreflang.length > 0) {
    out.push(seoFinding({
      ruleId: "seo-hreflang", severity: "medium", title: "Document doesn't have a valid hreflang",
      description: `${hreflang.length} hreflang alternate${hreflang.length === 1 ? "" : "s"} with an unexpected language code or a relative href.`,
      suggestedFix: 'Use absolute URLs and BCP 47 language codes (or "x-default"): <link rel="alternate" hreflang="de" href="https://example.com/de/">.',
      helpUrl: `${LH}hreflang`, evidence: { links: hreflang.slice(0, MAX_ITEMS), count: hreflang.length },
    }));
  }
  const canonical = judgeCanonical({ links, pageUrl });
  if (canonical.kind === "problem") {
    out.push(seoFinding({
      ruleId: "seo-canonical", severity: canonical.severity, confidence: canonical.issue.startsWith("canonical points to another host") ? 0.7 : 0.85,
      title: "Document does not have a valid rel=canonical", description: canonical.issue,
      suggestedFix: 'Declare one absolute canonical URL for this page: <link rel="canonical" href="https://…/this-page">.',
      helpUrl: `${LH}canonical`, evidence: { declared: canonical.declared, issue: canonical.issue },
    }));
  } else if (canonical.kind === "none") {
    out.push(seoFinding({
      ruleId: "seo-canonical-missing", severity: "info", confidence: 0.6, title: "No canonical URL declared",
      description: "Without rel=canonical, search engines pick one of the page's duplicate URLs (query strings, http/https, www) themselves.",
      suggestedFix: 'Declare the preferred URL: <link rel="canonical" href="https://…/this-page">.',
      helpUrl: "https://developers.google.com/search/docs/crawling-indexing/consolidate-duplicate-urls",
    }));
  }
  for (const bad of structuredDataProblems(signals.ldJson)) {
    out.push(seoFinding({
      ruleId: "seo-structured-data", severity: "medium", confidence: 0.9,
      title: bad.invalidJson ? "Structured data block is not valid JSON" : "Structured data block lacks @context or @type",
      description: `JSON-LD block ${bad.block + 1}: ${bad.problems.join("; ")}`,
      suggestedFix: "Fix the JSON-LD so it parses and every item names its @context (https://schema.org) and @type; check it with Google's Rich Results Test.",
      helpUrl: "https://developers.google.com/search/docs/appearance/structured-data/intro-structured-data",
      evidence: { block: bad.block, problems: bad.problems, position: bad.position ?? null, excerpt: bad.excerpt },
    }));
  }
  return out;
}
