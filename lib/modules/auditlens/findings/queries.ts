import "server-only";
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { auditlensReports, auditlensTriages, findingSeverityRank, findings } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";


export type ReportFindingFilter = { reportId: string; severity?: string[]; tool?: string; category?: string; fingerprints?: string[]; limit: number; offset: number };

/** A report's findings, most severe first, with the total matching (for `truncated`). */
export async function listReportFindings(db: Db, f: ReportFindingFilter) {
  const where: SQL[] = [eq(findings.sourceKind, "report"), eq(findings.sourceId, f.reportId)];
  if (f.severity?.length) where.push(inArray(findings.severity, f.severity as (typeof findings.severity.enumValues)[number][]));
  if (f.tool) where.push(eq(findings.sourceTool, f.tool));
  if (f.category) where.push(eq(findings.category, f.category));
  if (f.fingerprints) where.push(f.fingerprints.length ? inArray(findings.fingerprint, f.fingerprints) : sql`false`);
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    db.select().from(findings).where(cond).orderBy(findingSeverityRank, asc(findings.sourceTool), asc(findings.ruleId), asc(findings.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(findings).where(cond),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** One report row, or undefined. */
export async function getReportRow(db: Db, id: string) {
  const [row] = await db.select().from(auditlensReports).where(eq(auditlensReports.id, id)).limit(1);
  return row;
}

/** One triage row, or undefined. */
export async function getTriageRow(db: Db, id: string) {
  const [row] = await db.select().from(auditlensTriages).where(eq(auditlensTriages.id, id)).limit(1);
  return row;
}

/** Findings by id (any AuditLens report). */
export async function findingsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.select().from(findings).where(and(eq(findings.module, "auditlens"), inArray(findings.id, ids)));
}

/**
 * A triage's findings of one class, most severe first: `fixed` ones come from the base report; `flaky` ones from the
 * head report or, for a test that failed in an earlier attempt or another run of the commit and passed here, from
 * that run's report (one row per fingerprint, the head's first); the others from the head report. Empty when the
 * triage has not classified anything yet.
 */
export async function listTriageClassFindings(db: Db, t: typeof auditlensTriages.$inferSelect, cls: string, limit: number) {
  const fps = Object.entries(t.classes ?? {}).filter(([, v]) => v === cls).map(([fp]) => fp);
  const siblings = ((t.summary as { sibling_report_ids?: string[] } | null)?.sibling_report_ids ?? []).filter((x) => typeof x === "string");
  const reportIds = (cls === "fixed" ? [t.baseReportId] : cls === "flaky" ? [t.headReportId, ...siblings] : [t.headReportId]).filter((x): x is string => !!x);
  if (!reportIds.length || fps.length === 0) return { rows: [], total: 0 };
  if (reportIds.length === 1) return listReportFindings(db, { reportId: reportIds[0]!, fingerprints: fps, limit, offset: 0 });
  const rows = await db
    .select()
    .from(findings)
    .where(and(eq(findings.sourceKind, "report"), inArray(findings.sourceId, reportIds), inArray(findings.fingerprint, fps)))
    .orderBy(findingSeverityRank, asc(findings.sourceTool), asc(findings.ruleId), asc(findings.id));
  const rank = (id: string) => reportIds.indexOf(id);
  const best = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const had = best.get(r.fingerprint);
    if (!had || rank(r.sourceId) < rank(had.sourceId)) best.set(r.fingerprint, r);
  }
  const unique = rows.filter((r) => best.get(r.fingerprint) === r);
  return { rows: unique.slice(0, limit), total: unique.length };
}

/** Triages newest first, optionally of one repo, with the total. */
export async function listTriageRows(db: Db, f: { repo?: string; limit: number; offset: number }) {
  const cond = f.repo ? eq(auditlensTriages.repo, f.repo.toLowerCase()) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(auditlensTriages).where(cond).orderBy(sql`${auditlensTriages.createdAt} desc`, asc(auditlensTriages.id)).limit(f.limit).offset(f.offset),
    db.select({ n: count() }).from(auditlensTriages).where(cond),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}
