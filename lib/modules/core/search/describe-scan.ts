import "server-only";
import { and, count, desc, eq } from "drizzle-orm";
import { FINDING_SEVERITIES, findings } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { getScanRow } from "@/lib/modules/sitelint/queries";
import { renderCounts, renderFields, type RecordDocument } from "./record-document";
import { formatRecordRef } from "./record-ref";
import { oneLine } from "./untrusted";

/** Rules listed under "Top rules". */
const TOP_RULES = 10;

/**
 * A SiteLint scan as `fetch` returns it: target and settings, status, page counts, finding counts by severity and
 * category (live, so a running scan's are current), its most frequent rules, and its job.
 * @returns undefined when there is no scan `id`.
 */
export async function describeScan(db: Db, id: string): Promise<RecordDocument | undefined> {
  const scan = await getScanRow(db, id);
  if (!scan) return undefined;
  const ofScan = and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, id));
  const [groups, rules] = await Promise.all([
    db.select({ severity: findings.severity, category: findings.category, n: count() }).from(findings).where(ofScan).groupBy(findings.severity, findings.category),
    db
      .select({ ruleId: findings.ruleId, title: findings.title, n: count() })
      .from(findings)
      .where(ofScan)
      .groupBy(findings.ruleId, findings.title)
      .orderBy(desc(count()), findings.ruleId)
      .limit(TOP_RULES),
  ]);
  const bySeverity: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  for (const g of groups) {
    bySeverity[g.severity] = (bySeverity[g.severity] ?? 0) + Number(g.n);
    byCategory[g.category] = (byCategory[g.category] ?? 0) + Number(g.n);
  }
  const total = Object.values(bySeverity).reduce((a, n) => a + n, 0);
  const robots = scan.robots;
  const text = renderFields([
    ["Site audit", oneLine(scan.url, 500)],
    ["Status", scan.status],
    ["Settings", `profile ${scan.profile} · viewports ${scan.viewportSet} · crawl budget ${scan.crawlBudget} pages`],
    ["Pages", `${scan.pagesDone} done, ${scan.pagesFailed} failed, ${scan.pagesPlanned} planned`],
    ["Findings", `${total} in total`],
    ["By severity", renderCounts(bySeverity, FINDING_SEVERITIES)],
    ["By category", renderCounts(byCategory)],
    ["Top rules", rules.length ? rules.map((r) => `${oneLine(r.ruleId, 120)} × ${Number(r.n)} — ${oneLine(r.title, 200)}`).join("\n") : null],
    ["robots.txt", robots ? (robots.found ? `found; ${robots.disallowed.length} paths disallowed` : "none") : null],
    ["Error", scan.error ? `${oneLine(scan.error.code, 40)}: ${oneLine(scan.error.message, 1000)}` : null],
    ["Job", formatRecordRef({ kind: "job", id: scan.jobId })],
    ["Created", scan.createdAt.toISOString()],
    ["Started", scan.startedAt?.toISOString()],
    ["Finished", scan.finishedAt?.toISOString()],
  ]);
  return {
    summary: { kind: "scan", id: scan.id, url: scan.url, status: scan.status, job_id: scan.jobId },
    text,
    metadata: {
      kind: "scan", status: scan.status, origin: oneLine(scan.origin, 300), profile: scan.profile, pages_done: scan.pagesDone, pages_failed: scan.pagesFailed,
      findings_total: total, created_at: scan.createdAt.toISOString(), finished_at: scan.finishedAt?.toISOString() ?? null,
    },
  };
}
