import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { findings, scanPages, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

export type ScanSummary = {
  pages_ok: number;
  pages_failed: number;
  findings_total: number;
  by_severity: Record<string, number>;
  by_category: Record<string, number>;
  robots_skipped: string[];
};

/** Count a scan's pages and findings (by severity and by category). */
export async function summarizeScan(db: Db, scanId: string, robotsSkipped: string[] = []): Promise<ScanSummary> {
  const pages = await db
    .select({ status: scanPages.status, n: count() })
    .from(scanPages)
    .where(eq(scanPages.scanId, scanId))
    .groupBy(scanPages.status);
  const bySev = await db
    .select({ k: findings.severity, n: count() })
    .from(findings)
    .where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId)))
    .groupBy(findings.severity);
  const byCat = await db
    .select({ k: findings.category, n: count() })
    .from(findings)
    .where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId)))
    .groupBy(findings.category);
  const n = (s: string) => Number(pages.find((p) => p.status === s)?.n ?? 0);
  const toMap = (rows: { k: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
  return {
    pages_ok: n("ok"),
    pages_failed: n("failed"),
    findings_total: bySev.reduce((a, r) => a + Number(r.n), 0),
    by_severity: toMap(bySev),
    by_category: toMap(byCat),
    robots_skipped: robotsSkipped.slice(0, 100),
  };
}

/**
 * Close a scan: store its summary and final status. A scan in which no page could be loaded is `failed`, keeping
 * whatever pages and errors it recorded.
 */
export async function finalizeScan(db: Db, scanId: string, robotsSkipped: string[]): Promise<ScanSummary & { status: "succeeded" | "failed" }> {
  const summary = await summarizeScan(db, scanId, robotsSkipped);
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
      error: failed ? { code: "NO_PAGE_LOADED", message: summary.pages_failed ? "Every page failed to load; see the pages' errors." : "No page could be crawled (robots.txt or budget)." } : null,
    })
    .where(eq(scans.id, scanId));
  return { ...summary, status };
}
