import "server-only";
import { and, count, eq, ne, sql } from "drizzle-orm";
import { findings, scanPages, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { countScanPages } from "./queries";

export type ScanSummary = {
  pages_ok: number;
  pages_failed: number;
  findings_total: number;
  by_severity: Record<string, number>;
  by_category: Record<string, number>;
  robots_skipped: string[];
  /** Why robots.txt rules are allow-all although a file may exist (5xx, unreachable, refused redirect), else null. */
  robots_note: string | null;
  /** Connections the URL policy refused during the scan (browser and Node side), summed over pages. */
  policy_refusals: number;
};

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
    findings_total: bySev.reduce((a, r) => a + Number(r.n), 0),
    by_severity: toMap(bySev),
    by_category: toMap(byCat),
    robots_skipped: (robots.robotsSkipped ?? []).slice(0, 100),
    robots_note: robots.robotsNote ?? null,
    policy_refusals: Number(refusals?.n ?? 0),
  };
}

/**
 * Close a scan: store its summary and final status. A scan in which no page could be loaded is `failed`, keeping
 * whatever pages and errors it recorded. A scan cancelled meanwhile stays `cancelled` (see `cancelScan`).
 */
export async function finalizeScan(db: Db, scanId: string, robots: { robotsSkipped: string[]; robotsNote: string | null }): Promise<ScanSummary & { status: "succeeded" | "failed" }> {
  const summary = await summarizeScan(db, scanId, robots);
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
    .where(and(eq(scans.id, scanId), ne(scans.status, "cancelled")));
  return { ...summary, status };
}
