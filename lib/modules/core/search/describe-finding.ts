import "server-only";
import { and, eq } from "drizzle-orm";
import { FINDING_SEVERITIES, auditlensReports, findings, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { renderFields, type RecordDocument } from "./record-document";
import { formatRecordRef } from "./record-ref";
import { oneLine, textBlock } from "./untrusted";

type Location = { path?: unknown; start_line?: unknown; startLine?: unknown } | null;
type Evidence = { package?: { name?: unknown; installedVersion?: unknown; fixedVersion?: unknown }; test?: { suite?: unknown; name?: unknown; message?: unknown } };

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

/** Where a finding is, in words: the page (viewport, selector), the file and line, the package or the test. */
function whereOf(f: typeof findings.$inferSelect): string | null {
  if (f.pageUrl) return `${oneLine(f.pageUrl, 500)}${f.viewport ? ` (${oneLine(f.viewport, 20)})` : ""}${f.selector ? ` at ${oneLine(f.selector, 300)}` : ""}`;
  const loc = f.location as Location;
  const path = str(loc?.path);
  const line = loc?.start_line ?? loc?.startLine;
  if (path) return `${oneLine(path, 500)}${typeof line === "number" ? `:${line}` : ""}`;
  const ev = (f.evidence ?? {}) as Evidence;
  const pkg = str(ev.package?.name);
  if (pkg) {
    const fixed = str(ev.package?.fixedVersion);
    return `package ${oneLine(pkg, 200)}@${oneLine(str(ev.package?.installedVersion) ?? "?", 60)}${fixed ? ` (fixed in ${oneLine(fixed, 60)})` : ""}`;
  }
  const test = str(ev.test?.name);
  return test ? `test ${str(ev.test?.suite) ? `${oneLine(str(ev.test?.suite), 200)} › ` : ""}${oneLine(test, 300)}` : null;
}

/**
 * A finding as `fetch` returns it: rule, severity, where, description, remediation, evidence refs, source.
 * @returns undefined when there is no finding `id`.
 */
export async function describeFinding(db: Db, id: string): Promise<RecordDocument | undefined> {
  const [row] = await db
    .select({ f: findings, scanJobId: scans.jobId, triageId: auditlensReports.triageId, repo: auditlensReports.repo })
    .from(findings)
    .leftJoin(scans, and(eq(findings.sourceKind, "scan"), eq(scans.id, findings.sourceId)))
    .leftJoin(auditlensReports, and(eq(findings.sourceKind, "report"), eq(auditlensReports.id, findings.sourceId)))
    .where(eq(findings.id, id))
    .limit(1);
  if (!row) return undefined;
  const { f } = row;
  const where = whereOf(f);
  const test = ((f.evidence ?? {}) as Evidence).test;
  const source = f.sourceKind === "scan" ? formatRecordRef({ kind: "scan", id: f.sourceId }) : `${oneLine(f.sourceKind, 20)} ${oneLine(f.sourceId, 100)}`;
  const text = renderFields([
    ["Finding", `${oneLine(f.title, 500)}`],
    ["Rule", `${oneLine(f.ruleId, 200)} (${oneLine(f.sourceTool, 60)}, ${f.module})`],
    ["Severity", `${f.severity} (of ${FINDING_SEVERITIES.join(", ")}) · category ${oneLine(f.category, 40)} · confidence ${f.confidence}`],
    ["Repository", row.repo ? oneLine(row.repo, 200) : null],
    ["Where", where],
    ["Description", textBlock(f.description, 4000)],
    ["Test message", textBlock(str(test?.message), 2000)],
    ["Remediation", textBlock(f.suggestedFix, 2000)],
    ["Help", f.helpUrl ? oneLine(f.helpUrl, 500) : null],
    ["Evidence refs", f.evidenceRefs.length ? f.evidenceRefs.slice(0, 20).map((r) => oneLine(r, 300)).join("\n") : null],
    ["Source", source],
    ["Triage", row.triageId ? formatRecordRef({ kind: "triage", id: row.triageId }) : null],
    ["Found at", f.createdAt.toISOString()],
  ]);
  return {
    summary: {
      kind: "finding", id: f.id, title: f.title, severity: f.severity, category: f.category, module: f.module, rule_id: f.ruleId,
      where: f.pageUrl ?? str((f.location as Location)?.path), scan_job_id: row.scanJobId, triage_id: row.triageId,
    },
    text,
    metadata: {
      kind: "finding", module: f.module, severity: f.severity, category: oneLine(f.category, 40), rule_id: oneLine(f.ruleId, 200),
      source_tool: oneLine(f.sourceTool, 60), confidence: f.confidence, created_at: f.createdAt.toISOString(),
    },
  };
}
