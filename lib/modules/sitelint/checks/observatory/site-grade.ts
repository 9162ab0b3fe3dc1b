import { z } from "zod";
import { observatoryScore } from "./score";
import { SecurityMetrics, type Grade, type ObservatoryTestResult } from "./types";

export type GradedPage = { url: string; score: number; grade: Grade };

/** `scans.summary.security`. */
export type SiteSecurityGrade = {
  /** The start URL's Observatory-comparable grade (its page tests + the site's redirection test); null if not audited. */
  start: GradedPage | null;
  /** The page with the lowest score (ties: first in input order), same scoring as `start`. */
  lowest: GradedPage | null;
  pages_graded: number;
  by_grade: Partial<Record<Grade, number>>;
  /** The site-level redirection test, when it ran. */
  redirection: { result: string; pass: boolean; score_modifier: number; scored: boolean } | null;
};

const PageMetrics = z.object({ security: SecurityMetrics }).loose();

/**
 * Site-level security grade for a scan's summary. MDN HTTP Observatory grades one URL (the start URL) including the
 * site's `redirection` test; SiteLint grades every audited page, so it reports the start page's grade — the number
 * comparable with Observatory's — and the lowest page grade. Each page's score here includes `redirection` (a site
 * property, the same for all pages); page metrics stored without it are unchanged.
 * @param o.pages one entry per audited page (viewport rows of one URL: pass any one — headers do not depend on the
 *   viewport); `metrics` as stored in `scan_pages.metrics` (rows without a valid `security` entry are skipped, so
 *   failed pages and older rows are harmless).
 * @param o.startUrl the scan's start URL (compared with each page's `url`).
 * @param o.redirection the scan's `redirectionTest` result, if it ran.
 */
export function siteSecurityGrade(o: { pages: { url: string; metrics: unknown }[]; startUrl: string; redirection?: ObservatoryTestResult | null }): SiteSecurityGrade {
  const extra = o.redirection ? [o.redirection] : [];
  const graded: GradedPage[] = [];
  const seen = new Set<string>();
  for (const p of o.pages) {
    const m = PageMetrics.safeParse(p.metrics);
    if (!m.success || seen.has(p.url)) continue;
    seen.add(p.url);
    graded.push({ url: p.url, ...observatoryScore([...m.data.security.tests.filter((t) => t.test !== "redirection"), ...extra]) });
  }
  const byGrade: Partial<Record<Grade, number>> = {};
  for (const g of graded) byGrade[g.grade] = (byGrade[g.grade] ?? 0) + 1;
  const lowest = graded.reduce<GradedPage | null>((low, g) => (low === null || g.score < low.score ? g : low), null);
  const r = o.redirection;
  return {
    start: graded.find((g) => g.url === o.startUrl) ?? null,
    lowest,
    pages_graded: graded.length,
    by_grade: byGrade,
    redirection: r ? { result: r.result, pass: r.pass, score_modifier: r.scoreModifier, scored: r.scored } : null,
  };
}
