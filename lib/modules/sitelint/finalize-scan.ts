import "server-only";
import { and, count, eq, ne, sql } from "drizzle-orm";
import { findings, scanPages, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { siteSecurityGrade, type SiteSecurityGrade } from "./checks/observatory/site-grade";
import type { ObservatoryTestResult } from "./checks/observatory/types";
import { normalizeCrawlUrl } from "./normalize-url";
import { countScanPages } from "./queries";

export type ScanSummary = {
  pages_ok: number;
  pages_failed: number;
  /** Page audits the site refused (401/403/429, a WAF challenge): kept apart from failed (broken) ones. */
  pages_blocked: number;
  findings_total: number;
  by_severity: Record<string, number>;
  by_category: Record<string, number>;
  robots_skipped: string[];
  /** Why robots.txt rules are what they are without a parsed file: disallow-all (429/5xx/unreachable, RFC 9309
   * §2.3.1.4) or allow-all after a refused or looping redirect; else null. */
  robots_note: string | null;
  /** Connections the URL policy refused during the scan (browser and Node side), summed over pages. */
  policy_refusals: number;
  /** MDN HTTP Observatory-style grade: the start page's (with the site's redirection test) and the lowest page's. */
  security?: SiteSecurityGrade;
};

/** {@link siteSecurityGrade} over the scan's audited pages (`scan_pages.metrics.security`) and its start URL. */
async function securitySummary(db: Db, scanId: string, redirection: ObservatoryTestResult | null | undefined): Promise<SiteSecurityGrade> {
  const [scan] = await db.select({ url: scans.url, origin: scans.origin }).from(scans).where(eq(scans.id, scanId)).limit(1);
  const rows = await db
    .select({ url: scanPages.url, security: sql<unknown>`${scanPages.metrics}->'security'` })
    .from(scanPages)
    .where(and(eq(scanPages.scanId, scanId), eq(scanPages.status, "ok")))
    .orderBy(scanPages.url, scanPages.viewport);
  const startUrl = scan ? (normalizeCrawlUrl(scan.url, scan.origin) ?? scan.url) : "";
  return siteSecurityGrade({ pages: rows.map((r) => ({ url: r.url, metrics: { security: r.security } })), startUrl, redirection });
}

/** Count a scan's pages and findings (by severity and by category) and its policy refusals. */
export async function summarizeScan(db: Db, scanId: string, robots: { robotsSkipped?: string[]; robotsNote?: string | null } = {}): Promise<ScanSummary> {
  const bySource = and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId));
  const [pages, bySev, byCat, [refusals]] = await Promise.all([
    countScanPages(db, scanId),
    db.select({ k: findings.severity, n: count() }).from(findings).where(bySource).groupBy(findings.severity),
    db.select({ k: findings.category, n: count() }).from(findings).where(bySource).groupBy(findings.category),
    db
      .select({ n: sql<string | null>`sum(coalesce((${scanPages.diagnostics}->'policy_refusals'->>'total')::int, 0))` })
      .from(scanPages)
      .where(eq(scanPages.scanId, scanId)),
  ]);
  const toMap = (rows: { k: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
  return {
    pages_ok: pages.ok,
    pages_failed: pages.failed,
    pages_blocked: pages.blocked,
    findings_total: bySev.reduce((a, r) => a + Number(r.n), 0),
    by_severity: toMap(bySev),
    by_category: toMap(byCat),
    robots_skipped: (robots.robotsSkipped ?? []).slice(0, 100),
    robots_note: robots.robotsNote ?? null,
    policy_refusals: Number(refusals?.n ?? 0),
  };
}

/** Why a scan without any audited page failed: robots.txt unreachable, every page blocked, or nothing loaded. */
function noPageError(summary: ScanSummary, robotsUnreachable: boolean): { code: string; message: string } {
  if (robotsUnreachable) return { code: "ROBOTS_UNREACHABLE", message: summary.robots_note ?? "robots.txt could not be read; RFC 9309 §2.3.1.4 says to assume complete disallow, so no page was audited." };
  if (summary.pages_blocked > 0 && summary.pages_failed === 0) {
    return { code: "ALL_PAGES_BLOCKED", message: `Every page refused the crawler (${summary.pages_blocked} blocked: 401/403/429 or a bot challenge). Allowlist OmniAuditBot on the site's firewall or bot protection, or scan with an auth profile.` };
  }
  return { code: "NO_PAGE_LOADED", message: summary.pages_failed ? `Every page failed to load${summary.pages_blocked ? ` or was blocked (${summary.pages_blocked})` : ""}; see the pages' errors.` : "No page could be crawled (robots.txt or budget)." };
}

/**
 * Close a scan: store its summary and final status. A scan in which no page could be audited is `failed`, keeping
 * whatever pages and errors it recorded, with error `ROBOTS_UNREACHABLE` (robots.txt answered 429/5xx or could not be
 * fetched: nothing was audited), `ALL_PAGES_BLOCKED` (the site refused every page) or `NO_PAGE_LOADED`. A scan
 * cancelled meanwhile stays `cancelled` (see `cancelScan`). `summary.security` grades the site the way MDN HTTP
 * Observatory grades a URL (see `siteSecurityGrade`), with `site.redirection` — the scan's `redirectionTest` result.
 */
export async function finalizeScan(db: Db, scanId: string, robots: { robotsSkipped: string[]; robotsNote: string | null; robotsUnreachable?: boolean }, site: { redirection?: ObservatoryTestResult | null } = {}): Promise<ScanSummary & { status: "succeeded" | "failed" }> {
  const summary: ScanSummary = { ...(await summarizeScan(db, scanId, robots)), security: await securitySummary(db, scanId, site.redirection) };
  const failed = summary.pages_ok === 0;
  const status = failed ? "failed" : "succeeded";
  await db
    .update(scans)
    .set({
      status,
      summary,
      pagesDone: summary.pages_ok,
      pagesFailed: summary.pages_failed,
      finishedAt: sql`coalesce(${scans.finishedAt}, now())`,
      error: failed ? noPageError(summary, !!robots.robotsUnreachable) : null,
    })
    .where(and(eq(scans.id, scanId), ne(scans.status, "cancelled")));
  return { ...summary, status };
}
