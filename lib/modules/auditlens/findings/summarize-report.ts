import "server-only";
import { and, count, eq } from "drizzle-orm";
import { findings } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { ParseStats } from "../parsers/types";

/**
 * A report's summary: findings (after deduplication) in total and by severity, tool and category, and — when JUnit
 * files were parsed — tests by outcome, summed over the files.
 */
export async function summarizeReport(db: Db, reportId: string, files: { tests?: ParseStats["tests"] }[]): Promise<Record<string, unknown>> {
  const of = and(eq(findings.sourceKind, "report"), eq(findings.sourceId, reportId));
  const [bySev, byTool, byCat] = await Promise.all([
    db.select({ k: findings.severity, n: count() }).from(findings).where(of).groupBy(findings.severity),
    db.select({ k: findings.sourceTool, n: count() }).from(findings).where(of).groupBy(findings.sourceTool),
    db.select({ k: findings.category, n: count() }).from(findings).where(of).groupBy(findings.category),
  ]);
  const map = (rows: { k: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
  const tests = files.reduce<NonNullable<ParseStats["tests"]> | null>((acc, f) => {
    if (!f.tests) return acc;
    const a = acc ?? { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 };
    return { total: a.total + f.tests.total, passed: a.passed + f.tests.passed, failed: a.failed + f.tests.failed, errored: a.errored + f.tests.errored, skipped: a.skipped + f.tests.skipped };
  }, null);
  return {
    findings_total: bySev.reduce((a, r) => a + Number(r.n), 0),
    by_severity: map(bySev),
    by_tool: map(byTool),
    by_category: map(byCat),
    ...(tests ? { tests } : {}),
  };
}
