import { z } from "zod";
import { AppError } from "@/lib/errors";
import { toJobRef } from "@/lib/jobs/job-ref";
import { getJobRow } from "@/lib/jobs/queries";
import { JobRef } from "@/lib/jobs/types";
import { defineTool } from "@/lib/runtime/define-tool";
import { AuditFindingView, toAuditFindingView } from "../findings/finding-view";
import { getTriageRow, listTriageClassFindings } from "../findings/queries";

const CLASSES = ["new", "existing", "fixed", "flaky", "broken"] as const;

export const getTriage = defineTool({
  name: "auditlens_get_triage",
  title: "Get a triage",
  description:
    "A triage's result: the run and the base run it was compared with, the one-line headline (\"3 new critical/high findings, 1 newly failing test since main; 2 flaky tests\"), counts per class, and its findings of the chosen classes (default new and broken; most severe first, `limit` each class). Fixed findings come from the base run.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z
    .object({
      triage_id: z.string().regex(/^tri_[0-9a-f]{28}$/),
      classes: z.array(z.enum(CLASSES)).min(1).max(5).default(["new", "broken", "flaky"]),
      limit: z.number().int().min(1).max(100).default(20).describe("Findings per class"),
    })
    .strict(),
  output: z.object({
    triage_id: z.string(),
    status: z.string(),
    repo: z.string(),
    run_id: z.number().int().nullable(),
    head_sha: z.string().nullable(),
    base_branch: z.string().nullable(),
    base_run_id: z.number().int().nullable(),
    head_report_id: z.string().nullable(),
    base_report_id: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()).nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    job: JobRef.nullable(),
    findings: z.record(z.string(), z.object({ total: z.number().int(), items: z.array(AuditFindingView) })),
  }),
  handler: async (input, { db }) => {
    const t = await getTriageRow(db, input.triage_id);
    if (!t) throw new AppError("NOT_FOUND", `No triage ${input.triage_id}.`);
    const job = await getJobRow(db, t.jobId);
    const out: Record<string, { total: number; items: AuditFindingView[] }> = {};
    for (const c of input.classes) {
      const r = await listTriageClassFindings(db, t, c, input.limit);
      out[c] = { total: r.total, items: r.rows.map(toAuditFindingView) };
    }
    return {
      triage_id: t.id, status: t.status, repo: t.repo, run_id: t.runId, head_sha: t.headSha, base_branch: t.baseBranch, base_run_id: t.baseRunId,
      head_report_id: t.headReportId, base_report_id: t.baseReportId, summary: t.summary ?? null, error: t.error ?? null, job: job ? toJobRef(job) : null, findings: out,
    };
  },
});
