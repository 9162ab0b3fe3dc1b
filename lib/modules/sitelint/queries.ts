import "server-only";
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { findingSeverityRank, findings, scanPages, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/** One scan row, or undefined. */
export async function getScanRow(db: Db, scanId: string) {
  const [row] = await db.select().from(scans).where(eq(scans.id, scanId)).limit(1);
  return row;
}

/** Scans newest first. */
export async function listScanRows(db: Db, { limit, offset = 0 }: { limit: number; offset?: number }) {
  return db.select().from(scans).orderBy(desc(scans.createdAt), desc(scans.id)).limit(limit).offset(offset);
}

/** How many of a scan's page audits (page × viewport rows) succeeded, failed and were blocked by the site (all of
 * them, not a listed page). */
export async function countScanPages(db: Db, scanId: string): Promise<{ ok: number; failed: number; blocked: number }> {
  const rows = await db.select({ status: scanPages.status, n: count() }).from(scanPages).where(eq(scanPages.scanId, scanId)).groupBy(scanPages.status);
  const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { ok: n("ok"), failed: n("failed"), blocked: n("blocked") };
}

/** A scan's pages in crawl order (depth, then finish time). */
export async function listScanPageRows(db: Db, scanId: string, limit = 500) {
  return db.select().from(scanPages).where(eq(scanPages.scanId, scanId)).orderBy(asc(scanPages.depth), asc(scanPages.finishedAt), asc(scanPages.url)).limit(limit);
}

export type FindingFilter = {
  scanId?: string;
  severity?: string[];
  category?: string[];
  ruleId?: string;
  /** Exact page URL. */
  pageUrl?: string;
  /** `severity` (default): most severe first, then page and rule. `newest`: newest first, most severe within a time. */
  sort?: "severity" | "newest";
  limit: number;
  offset?: number;
};


function findingConditions(f: Omit<FindingFilter, "limit">): SQL | undefined {
  const where: SQL[] = [eq(findings.module, "sitelint")];
  if (f.scanId) where.push(eq(findings.sourceKind, "scan"), eq(findings.sourceId, f.scanId));
  if (f.severity?.length) where.push(inArray(findings.severity, f.severity as (typeof findings.severity.enumValues)[number][]));
  if (f.category?.length) where.push(inArray(findings.category, f.category));
  if (f.ruleId) where.push(eq(findings.ruleId, f.ruleId));
  if (f.pageUrl) where.push(eq(findings.pageUrl, f.pageUrl));
  return and(...where);
}

/**
 * Findings matching a filter, ordered by `sort`, `limit` rows after `offset`, each with the scan and job that produced
 * it (null when the source is not a scan), and the total count of matches (for `truncated`).
 */
export async function listFindingRows(db: Db, f: FindingFilter) {
  const cond = findingConditions(f);
  const order =
    f.sort === "newest"
      ? [desc(findings.createdAt), findingSeverityRank, asc(findings.id)]
      : [findingSeverityRank, asc(findings.pageUrl), asc(findings.ruleId), asc(findings.viewport), asc(findings.id)];
  const [rows, [total]] = await Promise.all([
    db
      .select({ finding: findings, scanId: scans.id, jobId: scans.jobId })
      .from(findings)
      .leftJoin(scans, and(eq(findings.sourceKind, "scan"), eq(scans.id, findings.sourceId)))
      .where(cond)
      .orderBy(...order)
      .limit(f.limit)
      .offset(f.offset ?? 0),
    db.select({ n: count() }).from(findings).where(cond),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/**
 * Findings of a filter grouped by rule (one row per rule, severity and category across every page), most severe
 * first then most widespread: the page count, finding count and up to `pagesPerGroup` page URLs (sorted) per group,
 * `limit` groups after `offset`, plus the total number of groups.
 */
export async function listFindingGroups(db: Db, f: FindingFilter & { pagesPerGroup: number }) {
  const cond = findingConditions(f);
  const per = Math.max(1, Math.min(500, Math.floor(f.pagesPerGroup)));
  // Drizzle builders are mutable: build the grouped query twice (page of groups, count of groups).
  const grouped = () =>
    db
      .select({
        ruleId: findings.ruleId,
        severity: findings.severity,
        category: findings.category,
        title: sql<string>`min(${findings.title})`.as("title"),
        helpUrl: sql<string | null>`min(${findings.helpUrl})`.as("help_url"),
        suggestedFix: sql<string | null>`min(${findings.suggestedFix})`.as("suggested_fix"),
        findingCount: sql<number>`count(*)::int`.as("finding_count"),
        pageCount: sql<number>`count(distinct ${findings.pageUrl})::int`.as("page_count"),
        pages: sql<string[]>`(array_agg(distinct ${findings.pageUrl}))[1:${sql.raw(String(per))}]`.as("pages"),
      })
      .from(findings)
      .where(cond)
      .groupBy(findings.ruleId, findings.severity, findings.category);
  const [rows, [total]] = await Promise.all([
    grouped().orderBy(findingSeverityRank, sql`count(distinct ${findings.pageUrl}) desc`, asc(findings.ruleId)).limit(f.limit).offset(f.offset ?? 0),
    db.select({ n: count() }).from(grouped().as("g")),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** Which side of a two-scan diff: `new` (in head, not base), `fixed` (in base, not head), `unchanged` (in both; head's row). */
export type ScanDiffSide = "new" | "fixed" | "unchanged";

/**
 * The condition "a finding of scan `otherScanId` has the same identity as `findings`' current row": same fingerprint
 * and same viewport (null-safe), the key `findings_source_fp_unique` is unique on within one scan.
 */
function sameFindingIn(otherScanId: string) {
  const other = alias(findings, "other");
  return sql`exists (select 1 from ${findings} as ${sql.identifier("other")} where ${other.sourceKind} = 'scan' and ${other.sourceId} = ${otherScanId} and ${other.fingerprint} = ${findings.fingerprint} and ${other.viewport} is not distinct from ${findings.viewport})`;
}

function diffCondition(side: ScanDiffSide, baseScanId: string, headScanId: string): SQL | undefined {
  const ofScan = (id: string) => and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, id));
  if (side === "new") return and(ofScan(headScanId), sql`not ${sameFindingIn(baseScanId)}`);
  if (side === "fixed") return and(ofScan(baseScanId), sql`not ${sameFindingIn(headScanId)}`);
  return and(ofScan(headScanId), sameFindingIn(baseScanId));
}

/**
 * One side of the diff of two scans' findings by identity (fingerprint + viewport): up to `limit` finding rows, most
 * severe first, then rule, page and viewport. `fixed` rows are the base scan's; `new` and `unchanged` rows the head's.
 */
export async function listScanDiffRows(db: Db, o: { baseScanId: string; headScanId: string; side: ScanDiffSide; limit: number }) {
  return db
    .select()
    .from(findings)
    .where(diffCondition(o.side, o.baseScanId, o.headScanId))
    .orderBy(findingSeverityRank, asc(findings.ruleId), asc(findings.pageUrl), asc(findings.viewport), asc(findings.id))
    .limit(o.limit);
}

/** Exact sizes of the three sides of the diff of two scans' findings (see {@link listScanDiffRows}). */
export async function countScanDiff(db: Db, o: { baseScanId: string; headScanId: string }): Promise<Record<ScanDiffSide, number>> {
  const n = async (side: ScanDiffSide) => Number((await db.select({ n: count() }).from(findings).where(diffCondition(side, o.baseScanId, o.headScanId)))[0]?.n ?? 0);
  const [added, fixed, unchanged] = await Promise.all([n("new"), n("fixed"), n("unchanged")]);
  return { new: added, fixed, unchanged };
}
