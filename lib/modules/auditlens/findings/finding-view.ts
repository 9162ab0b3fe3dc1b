import { z } from "zod";
import type { findings } from "@/drizzle/schema";

/** An AuditLens finding as tools return it (DESIGN.md §7 Finding contract plus tool, rule, location, ids, package). */
export const AuditFindingView = z.object({
  finding_id: z.string(),
  severity: z.enum(["critical", "high", "medium", "low", "info"]),
  category: z.string(),
  title: z.string(),
  confidence: z.number(),
  suggested_fix: z.string().nullable(),
  evidence_refs: z.array(z.string()).describe("Object refs of the report files it came from"),
  kind: z.string().describe("code | dependency | secret | test | log"),
  tool: z.string(),
  sources: z.array(z.string()).describe("Every tool that reported it (merged duplicates)"),
  rule_id: z.string(),
  location: z.object({ path: z.string().nullable(), start_line: z.number().int().nullable(), end_line: z.number().int().nullable(), start_column: z.number().int().nullable() }).nullable(),
  cwe: z.array(z.string()),
  vulnerability_ids: z.array(z.string()),
  package: z.object({ name: z.string(), ecosystem: z.string().nullable(), installed_version: z.string().nullable(), fixed_version: z.string().nullable() }).nullable(),
  test: z.object({ suite: z.string().nullable(), name: z.string(), status: z.string(), message: z.string().nullable(), stack: z.string().nullable() }).nullable(),
  occurrences: z.number().int(),
  help_url: z.string().nullable(),
  fingerprint: z.string(),
});
export type AuditFindingView = z.infer<typeof AuditFindingView>;

type Pkg = { name?: string; ecosystem?: string; installedVersion?: string; fixedVersion?: string };
type Test = { suite?: string; name?: string; status?: string; message?: string; stack?: string };

/** Map a stored AuditLens finding row to {@link AuditFindingView}. */
export function toAuditFindingView(r: typeof findings.$inferSelect): AuditFindingView {
  const ev = (r.evidence ?? {}) as { kind?: string; sources?: string[]; cwe?: string[]; vulnerability_ids?: string[]; package?: Pkg; test?: Test; occurrences?: number };
  const loc = r.location as { path?: string | null; start_line?: number | null; end_line?: number | null; start_column?: number | null } | null;
  return {
    finding_id: r.id, severity: r.severity, category: r.category, title: r.title, confidence: r.confidence, suggested_fix: r.suggestedFix, evidence_refs: r.evidenceRefs,
    kind: ev.kind ?? "code", tool: r.sourceTool, sources: ev.sources ?? [r.sourceTool], rule_id: r.ruleId,
    location: loc ? { path: loc.path ?? null, start_line: loc.start_line ?? null, end_line: loc.end_line ?? null, start_column: loc.start_column ?? null } : null,
    cwe: ev.cwe ?? [], vulnerability_ids: ev.vulnerability_ids ?? [],
    package: ev.package?.name ? { name: ev.package.name, ecosystem: ev.package.ecosystem ?? null, installed_version: ev.package.installedVersion ?? null, fixed_version: ev.package.fixedVersion ?? null } : null,
    test: ev.test?.name ? { suite: ev.test.suite ?? null, name: ev.test.name, status: ev.test.status ?? "failed", message: ev.test.message ?? null, stack: ev.test.stack ?? null } : null,
    occurrences: ev.occurrences ?? 1, help_url: r.helpUrl, fingerprint: r.fingerprint,
  };
}
