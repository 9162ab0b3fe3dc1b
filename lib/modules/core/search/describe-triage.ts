import "server-only";
import { eq } from "drizzle-orm";
import { auditlensTriages } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { renderCounts, renderFields, type RecordDocument } from "./record-document";
import { formatRecordRef } from "./record-ref";
import { oneLine } from "./untrusted";

type Summary = {
  headline?: unknown;
  counts?: Record<string, unknown>;
  new_by_severity?: Record<string, unknown>;
  run?: { run_id?: unknown; name?: unknown; html_url?: unknown; branch?: unknown; conclusion?: unknown };
  compared_with_base?: unknown;
};

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

/**
 * An AuditLens triage as `fetch` returns it: repository, run and base, headline, counts per class (new, broken,
 * flaky, existing, fixed) and new findings by severity, status, error, job.
 * @returns undefined when there is no triage `id`.
 */
export async function describeTriage(db: Db, id: string): Promise<RecordDocument | undefined> {
  // Read directly: core may import only another module's top-level queries.ts (lint boundaries), and AuditLens keeps
  // its triage reads in findings/queries.ts.
  const [t] = await db.select().from(auditlensTriages).where(eq(auditlensTriages.id, id)).limit(1);
  if (!t) return undefined;
  const s = (t.summary ?? {}) as Summary;
  const run = s.run;
  const runText = run ? `${oneLine(str(run.name) ?? "run", 200)} ${typeof run.run_id === "number" ? run.run_id : ""} on ${oneLine(str(run.branch) ?? "?", 200)} (${oneLine(str(run.conclusion) ?? "?", 30)})`.replace(/\s+/g, " ") : t.runId ? `run ${t.runId}` : null;
  const text = renderFields([
    ["CI triage", oneLine(t.repo, 200)],
    ["Status", t.status],
    ["Headline", oneLine(str(s.headline), 1000)],
    ["Run", runText],
    ["Run URL", run ? oneLine(str(run.html_url), 500) : null],
    ["Commit", t.headSha ? oneLine(t.headSha, 64) : null],
    ["Base", t.baseBranch ? `${oneLine(t.baseBranch, 200)}${t.baseRunId ? ` run ${t.baseRunId}` : " (no successful run to compare with)"}` : null],
    ["Findings by class", renderCounts(s.counts, ["new", "broken", "flaky", "existing", "fixed"])],
    ["New by severity", renderCounts(s.new_by_severity, ["critical", "high", "medium", "low", "info"])],
    ["Error", t.error ? `${oneLine(t.error.code, 40)}: ${oneLine(t.error.message, 1000)}` : null],
    ["Job", formatRecordRef({ kind: "job", id: t.jobId })],
    ["Created", t.createdAt.toISOString()],
    ["Finished", t.finishedAt?.toISOString()],
  ]);
  return {
    summary: { kind: "triage", id: t.id, repo: t.repo, headline: str(s.headline), status: t.status },
    text,
    metadata: { kind: "triage", status: t.status, repo: oneLine(t.repo, 200), created_at: t.createdAt.toISOString(), finished_at: t.finishedAt?.toISOString() ?? null },
  };
}
