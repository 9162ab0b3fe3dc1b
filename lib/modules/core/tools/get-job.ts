import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { jobs } from "@/drizzle/schema";
import { AppError } from "@/lib/errors";
import { toJobRef } from "@/lib/jobs/job-ref";
import { getJobRow } from "@/lib/jobs/queries";
import { JobRef } from "@/lib/jobs/types";
import { defineTool, type ToolContext } from "@/lib/runtime/define-tool";

/** Longest `wait_ms`: below the usual 60 s idle timeout of proxies in front of an MCP endpoint. */
export const MAX_WAIT_MS = 55_000;
const POLL_MS = 500;
const FINAL = new Set(["succeeded", "failed", "cancelled"]);

type JobRow = typeof jobs.$inferSelect;

/** What to call once a job is done, by the kind of its subject. */
function nextStep(row: JobRow): string {
  const id = row.subjectId;
  switch (row.subjectKind) {
    case "scan":
      return `read the results with sitelint_get_scan { scan_id: "${id}" } and sitelint_list_findings (group_by "rule").`;
    case "triage":
      return `read the triage with auditlens_get_triage { triage_id: "${id}" }, then draft the issue.`;
    case "release_run":
      return `check the release with releasebutler_get_release (the run ${id} is in the job's result).`;
    case "release":
      return `the checksum report is in this job's result; releasebutler_list_assets shows the assets.`;
    default:
      return "the result is in this job's `result` (core_get_job).";
  }
}

/**
 * The user-facing narration of a job's state (MCP `notifications/message`): what is happening, why, and what comes
 * next — e.g. "Running: 3/10 pages — crawling /about. Next: …".
 */
export function narrate(row: JobRow): string {
  const units = row.progressTotal > 0 ? ` ${row.progressDone}/${row.progressTotal}` : "";
  const stage = row.progressMessage ? ` — ${row.progressMessage}` : "";
  switch (row.status) {
    case "queued":
      return `Queued: job ${row.id} (${row.functionId}) waits for a worker; it starts as soon as one is free.`;
    case "running":
      return `Running${units}${stage}. When it finishes, ${nextStep(row)}`;
    case "succeeded":
      return `Done: job ${row.id} succeeded. Next, ${nextStep(row)}`;
    case "failed":
      return `Failed: ${row.error?.code ?? "JOB_FAILED"} — ${row.error?.message ?? "see core_get_job"}. Partial results are kept; ${nextStep(row)}`;
    default:
      return `Cancelled: job ${row.id} was cancelled${row.error?.message ? ` (${row.error.message})` : ""}; partial results are kept.`;
  }
}

/**
 * Follow a job for up to `waitMs`, telling the caller each change: a log line ({@link narrate}) and a progress
 * notification (done/total units) whenever status, units or stage change. Returns the last row read (final or not).
 */
async function follow(first: JobRow, waitMs: number, ctx: ToolContext): Promise<JobRow> {
  const deadline = Date.now() + waitMs;
  let row = first;
  let seen = "";
  for (;;) {
    const key = `${row.status}|${row.progressDone}|${row.progressTotal}|${row.progressMessage ?? ""}`;
    if (key !== seen) {
      seen = key;
      await ctx.channel.log(row.status === "failed" ? "warning" : "info", narrate(row), { job_id: row.id, status: row.status });
      const total = row.progressTotal > 0 ? row.progressTotal : undefined;
      await ctx.channel.progress(FINAL.has(row.status) ? (total ?? 1) : row.progressDone, FINAL.has(row.status) ? (total ?? 1) : total, narrate(row));
    }
    if (FINAL.has(row.status) || Date.now() >= deadline || ctx.channel.signal?.aborted) return row;
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    row = (await getJobRow(ctx.db, row.id)) ?? row;
  }
}

export const getJob = defineTool({
  name: "core_get_job",
  title: "Get a job's status and progress",
  description:
    "Return a background job (JobRef): status (queued, running, succeeded, failed, cancelled), progress 0..1 with done/total units and the current stage, timestamps, and the error of a failed job. Poll it after sitelint_start_scan until status is succeeded or failed — or pass wait_ms to wait up to 55 s for it to finish, receiving log and progress notifications meanwhile.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z
    .object({
      job_id: z.string().min(1).max(100).describe("Id returned by a tool that started a job, e.g. job_…"),
      wait_ms: z.number().int().min(0).max(MAX_WAIT_MS).optional().describe("Wait up to this many ms for the job to finish, narrating progress (log + progress notifications); default 0"),
    })
    .strict(),
  output: JobRef.extend({ subject: z.object({ kind: z.string(), id: z.string() }).nullable() }),
  handler: async ({ job_id, wait_ms }, ctx) => {
    let row = await getJobRow(ctx.db, job_id);
    if (!row) throw new AppError("NOT_FOUND", `No job ${job_id}. List jobs with core_list_jobs.`);
    if (wait_ms) row = await follow(row, wait_ms, ctx);
    return { ...toJobRef(row), subject: row.subjectKind && row.subjectId ? { kind: row.subjectKind, id: row.subjectId } : null };
  },
});
