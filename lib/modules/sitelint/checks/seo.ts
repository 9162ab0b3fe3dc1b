import type { HeaderMap } from "../http-headers";
import type { FindingDraft, Severity } from "../types";
import { canonicalProblems } from "./seo-canonical";
import { noindexSources } from "./seo-noindex";
import type { SeoSignals } from "./seo-signals";

const LH = "https://developer.chrome.com/docs/lighthouse/seo/";
const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

type Draft = Omit<FindingDraft, "category" | "sourceTool" | "tags" | "confidence"> & { confidence?: number };
const seo = (d: Draft): FindingDraft => ({ category: "seo", sourceTool: "sitelint-seo", tags: ["seo"], confidence: 0.9, ...d });

/**
 * Lighthouse "Page has unsuccessful HTTP status code" (`http-status-code` audit): `http-status`, high, when the main
 * document answered ≥ 400. Kept apart from {@link seoFindings} because it applies to non-HTML responses too.
 */
export function httpStatusFinding(httpStatus: number | undefined): FindingDraft | undefined {
  if (httpStatus === undefined || httpStatus < 400) return undefined;
  return seo({
    ruleId: "http-status", severity: "high", confidence: 1, title: `Page has unsuccessful HTTP status code ${httpStatus}`,
    description: "Search engines may not index pages that answer with an error status.",
    suggestedFix: "Serve the page with 200, redirect it (301) to its replacement, or remove links to it.",
    helpUrl: `${LH}http-status-code`, evidence: { httpStatus },
  });
}

/**
 * SEO findings for one HTML page, after Lighthouse's SEO audits (document-title, meta-description, is-crawlable,
 * canonical) and Google Search Central guidance: `seo-title`, `seo-meta-description` (missing/empty, medium),
 * `seo-html-lang` (no `<html lang>`, low), `seo-h1` (not exactly one `<h1>`, low), `seo-canonical` (one finding with
 * every canonical problem, at the worst problem's severity), `seo-noindex` (meta robots/googlebot or `X-Robots-Tag`
 * blocks indexing, high; evidence names each source).
 *
 * @param headers main document response headers (lower-case names).
 * Pure: no browser, no I/O.
 */
export function seoFindings({ signals, headers, pageUrl, now }: { signals: SeoSignals; headers: HeaderMap; pageUrl: string; now?: Date }): FindingDraft[] {
  const out: FindingDraft[] = [];
  if (!signals.title?.trim()) {
    out.push(seo({
      ruleId: "seo-title", severity: "medium", title: signals.title === null ? "Document has no <title> element" : "Document <title> is empty",
      suggestedFix: "Give every page a unique, descriptive <title> (about 50–60 characters).", helpUrl: `${LH}document-title`,
      evidence: { title: signals.title },
    }));
  }
  if (!signals.metaDescriptions.some((d) => d.trim())) {
    out.push(seo({
      ruleId: "seo-meta-description", severity: "medium",
      title: signals.metaDescriptions.length ? "Meta description is empty" : "Document has no meta description",
      description: "Search results fall back to arbitrary page text for the snippet.",
      suggestedFix: 'Add <meta name="description" content="…"> summarising the page in one or two sentences.',
      helpUrl: `${LH}meta-description`, evidence: { metaDescriptions: signals.metaDescriptions.map((d) => d.slice(0, 300)) },
    }));
  }
  if (!signals.htmlLang?.trim()) {
    out.push(seo({
      ruleId: "seo-html-lang", severity: "low", confidence: 0.8, title: "<html> element has no lang attribute",
      description: "Search engines and assistive technology must guess the page language (see also WCAG 2.2 SC 3.1.1).",
      suggestedFix: 'Declare the language, e.g. <html lang="en">.',
      helpUrl: "https://developer.mozilla.org/en-US/docs/Web/HTML/Reference/Global_attributes/lang", evidence: { lang: signals.htmlLang },
    }));
  }
  if (signals.h1Count !== 1) {
    out.push(seo({
      ruleId: "seo-h1", severity: "low", confidence: signals.h1Count === 0 ? 0.7 : 0.5,
      title: signals.h1Count === 0 ? "Page has no <h1>" : `Page has ${signals.h1Count} <h1> elements`,
      description: "One top-level heading naming the page's topic helps search engines and screen-reader users; several compete.",
      suggestedFix: "Use exactly one <h1> for the page's main topic and <h2>–<h6> below it.",
      helpUrl: "https://developers.google.com/search/docs/fundamentals/seo-starter-guide", evidence: { h1Count: signals.h1Count },
    }));
  }
  const url = new URL(pageUrl);
  const canon = canonicalProblems({ hrefs: signals.canonicalHrefs, headers, baseUri: signals.baseUri || pageUrl, pageUrl: url });
  if (canon.problems.length > 0) {
    const worst = canon.problems.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a));
    out.push(seo({
      ruleId: "seo-canonical", severity: worst.severity, confidence: worst.severity === "info" ? 0.6 : 0.85,
      title: worst.issue === "no canonical URL declared" ? "No canonical URL declared" : "Canonical URL is not valid for this page",
      description: canon.problems.map((p) => p.issue).join("; "),
      suggestedFix: 'Declare one absolute, same-site canonical URL for this page: <link rel="canonical" href="https://…/this-page">.',
      helpUrl: `${LH}canonical`, evidence: { declared: canon.declared.map((d) => d.slice(0, 300)), issues: canon.problems.map((p) => p.issue) },
    }));
  }
  const noindex = noindexSources({ robotsMeta: signals.robotsMeta, xRobotsTag: headers["x-robots-tag"], now });
  if (noindex.length > 0) {
    out.push(seo({
      ruleId: "seo-noindex", severity: "high", confidence: 0.95, title: "Page is blocked from indexing",
      description: `Blocked by ${noindex.map((s) => s.source).join(" and ")}. Fine for private pages; a serious problem anywhere else.`,
      suggestedFix: "Remove `noindex`/`none` from the robots meta tag and the X-Robots-Tag header if this page should appear in search.",
      helpUrl: `${LH}is-crawlable`, evidence: { sources: noindex.map((s) => ({ source: s.source, value: s.value.slice(0, 300) })) },
    }));
  }
  return out;
}
