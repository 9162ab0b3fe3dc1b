import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { findings } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

export type TriageClass = "new" | "existing" | "fixed" | "flaky" | "broken";

type Row = { fingerprint: string; kind: string; severity: string; tool: string; flaky: boolean };

async function rowsOf(db: Db, reportId: string): Promise<Row[]> {
  const rows = await db
    .select({
      fingerprint: findings.fingerprint,
      kind: sql<string>`coalesce(${findings.evidence}->>'kind', 'code')`,
      severity: findings.severity,
      tool: findings.sourceTool,
      flaky: sql<boolean>`coalesce((${findings.evidence}->'tool_evidence'->>'flaky')::boolean, false)`,
    })
    .from(findings)
    .where(and(eq(findings.sourceKind, "report"), eq(findings.sourceId, reportId)));
  return rows.map((r) => ({ ...r, flaky: r.flaky === true || String(r.flaky) === "true" }));
}

/**
 * Classify a triage's findings by fingerprint (the layered identity, so a finding that moved keeps its class):
 * - a finding of the head run that the base run (latest success of the workflow on the base branch) also has →
 *   `existing`, else `new`; one only the base run has → `fixed`;
 * - a failing test: failing on the base branch too → `broken` (pre-existing); passing in another run of the same
 *   commit that ran tests (a re-run, or another trigger), or passed only on a rerun inside the same job (JUnit
 *   flakyFailure / rerunFailure) → `flaky`; otherwise `new` (or `existing` never applies: a test failing on base is
 *   `broken`);
 * - a test failing in an earlier attempt of the run (a re-run, GitHub `run_attempt`) or in another run of the same
 *   commit, but not in the head run (which ran its tests) → `flaky` — it failed, then passed on the same SHA.
 * Without a base run, every head finding is `new`.
 * @returns the class of every fingerprint and a summary (counts per class, new findings by severity, tests, a
 *   one-line headline).
 */
export async function classifyTriage(db: Db, o: { headReportId: string; headTestsTotal: number; baseReportId: string | null; siblings: { reportId: string; testsTotal: number }[]; baseBranch: string }) {
  const head = await rowsOf(db, o.headReportId);
  const base = o.baseReportId ? await rowsOf(db, o.baseReportId) : [];
  const baseFps = new Set(base.map((r) => r.fingerprint));
  const siblingFailing: Set<string>[] = [];
  for (const s of o.siblings.filter((x) => x.testsTotal > 0)) siblingFailing.push(new Set((await rowsOf(db, s.reportId)).filter((r) => r.kind === "test").map((r) => r.fingerprint)));
  const classes: Record<string, TriageClass> = {};
  for (const r of head) {
    if (r.kind === "test") {
      if (r.flaky) classes[r.fingerprint] = "flaky";
      else if (baseFps.has(r.fingerprint)) classes[r.fingerprint] = "broken";
      else if (siblingFailing.some((s) => !s.has(r.fingerprint))) classes[r.fingerprint] = "flaky";
      else classes[r.fingerprint] = "new";
    } else classes[r.fingerprint] = baseFps.has(r.fingerprint) ? "existing" : "new";
  }
  const headFps = new Set(head.map((r) => r.fingerprint));
  // Failed in an earlier attempt or another run of the same commit, passed here (the head ran its tests): flaky.
  if (o.headTestsTotal > 0) for (const s of siblingFailing) for (const fp of s) if (!headFps.has(fp) && !classes[fp]) classes[fp] = "flaky";
  for (const r of base) if (!headFps.has(r.fingerprint) && !classes[r.fingerprint] && !(r.kind === "test" && r.flaky)) classes[r.fingerprint] = "fixed";

  const counts: Record<TriageClass, number> = { new: 0, existing: 0, fixed: 0, flaky: 0, broken: 0 };
  for (const c of Object.values(classes)) counts[c]++;
  const newBySeverity: Record<string, number> = {};
  const tests = { failing: 0, new: 0, broken: 0, flaky: 0 };
  for (const r of head) {
    const c = classes[r.fingerprint]!;
    if (r.kind === "test") {
      if (!r.flaky) tests.failing++;
      if (c === "new" || c === "broken") tests[c]++;
    } else if (c === "new") newBySeverity[r.severity] = (newBySeverity[r.severity] ?? 0) + 1;
  }
  tests.flaky = counts.flaky;
  const parts: string[] = [];
  const serious = (newBySeverity.critical ?? 0) + (newBySeverity.high ?? 0);
  const newFindings = Object.values(newBySeverity).reduce((a, b) => a + b, 0);
  parts.push(serious ? `${serious} new critical/high finding${serious === 1 ? "" : "s"}` : `${newFindings} new finding${newFindings === 1 ? "" : "s"}`);
  if (tests.new) parts.push(`${tests.new} newly failing test${tests.new === 1 ? "" : "s"}`);
  if (tests.broken) parts.push(`${tests.broken} test${tests.broken === 1 ? "" : "s"} already failing on ${o.baseBranch}`);
  const headline = `${parts.join(", ")} since ${o.baseBranch}${tests.flaky ? `; ${tests.flaky} flaky test${tests.flaky === 1 ? "" : "s"}` : ""}${counts.fixed ? `; ${counts.fixed} fixed` : ""}${o.baseReportId ? "" : ` (no successful ${o.baseBranch} run to compare with: everything counts as new)`}.`;
  return { classes, summary: { counts, new_by_severity: newBySeverity, tests, headline, compared_with_base: !!o.baseReportId } };
}
