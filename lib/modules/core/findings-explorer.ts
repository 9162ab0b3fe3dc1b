import "server-only";
import { and, asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import { auditlensReports, findingSeverityRank, findings, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

export type ExplorerFilter = {
  /** `sitelint` | `auditlens`; every module when absent. */
  module?: string;
  severity?: string[];
  category?: string[];
  ruleId?: string;
  /** Source tool as stored (`axe-core`, `codeql`, `trivy`, …). */
  tool?: string;
  sort?: "severity" | "newest";
  limit: number;
  offset?: number;
};

/**
 * The console's findings explorer across modules (one findings model): findings matching the filter, most severe
 * first (or newest first), `limit` rows after `offset`, each with what it links to — the SiteLint scan's job, or the
 * AuditLens report and the triage it belongs to — and the total count of matches.
 */
export async function listExplorerFindings(db: Db, f: ExplorerFilter) {
  const where: SQL[] = [];
  if (f.module) where.push(eq(findings.module, f.module as (typeof findings.module.enumValues)[number]));
  if (f.severity?.length) where.push(inArray(findings.severity, f.severity as (typeof findings.severity.enumValues)[number][]));
  if (f.category?.length) where.push(inArray(findings.category, f.category));
  if (f.ruleId) where.push(eq(findings.ruleId, f.ruleId));
  if (f.tool) where.push(eq(findings.sourceTool, f.tool));
  const cond = where.length ? and(...where) : undefined;
  const order = f.sort === "newest" ? [desc(findings.createdAt), findingSeverityRank, asc(findings.id)] : [findingSeverityRank, asc(findings.module), asc(findings.ruleId), asc(findings.id)];
  const [rows, [total]] = await Promise.all([
    db
      .select({ finding: findings, jobId: scans.jobId, reportId: auditlensReports.id, triageId: auditlensReports.triageId, repo: auditlensReports.repo })
      .from(findings)
      .leftJoin(scans, and(eq(findings.sourceKind, "scan"), eq(scans.id, findings.sourceId)))
      .leftJoin(auditlensReports, and(eq(findings.sourceKind, "report"), eq(auditlensReports.id, findings.sourceId)))
      .where(cond)
      .orderBy(...order)
      .limit(f.limit)
      .offset(f.offset ?? 0),
    db.select({ n: count() }).from(findings).where(cond),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}
