import "server-only";
import type { jobs } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { toJobRef } from "@/lib/jobs/job-ref";
import { getLogger } from "@/lib/observability/logger";
import { effectiveSchemas } from "@/lib/runtime/define-tool";
import { errorResult, type ToolCallResult } from "@/lib/runtime/run-tool";
import { findTool } from "./registry";
import { taskToolByFunction } from "./task-tools";

type JobRow = typeof jobs.$inferSelect;

/** Suggested `tasks/get` polling interval, ms (spec `pollIntervalMs`). */
export const TASK_POLL_INTERVAL_MS = 2000;

/**
 * Task time-to-live, ms from creation (spec `ttlMs`): `null`, unlimited — a task is its `jobs` row and jobs are kept
 * (there is no retention sweep), so `tasks/get` resolves for as long as the job exists.
 */
export const TASK_TTL_MS: number | null = null;

/** The spec's `Task` fields. */
type TaskFields = { taskId: string; statusMessage?: string; createdAt: string; lastUpdatedAt: string; ttlMs: number | null; pollIntervalMs: number };

/** `tasks/get` answer (spec `GetTaskResult = Result & DetailedTask`, `resultType: "complete"`). */
export type GetTaskResult = TaskFields & { resultType: "complete" } & (
    | { status: "working" }
    | { status: "completed"; result: Record<string, unknown> }
    | { status: "cancelled" }
  );

/** The flat task handle a `tools/call` returns instead of its result (spec `CreateTaskResult = Result & Task`). */
export type CreateTaskResult = TaskFields & { resultType: "task"; status: "working" };

const text = (t: string) => ({ type: "text" as const, text: t });

/**
 * The result the tool call would have returned had it waited for its succeeded job: the tool's own output rebuilt
 * from durable state (`task-tools.ts`) and checked against the tool's output schema, with its JSON text copy (and
 * `jobs.result` as a second text block where it adds to it). A job started some other way, or an output that fails
 * the check (logged), gets the final JobRef with its subject and `jobs.result`.
 */
async function succeededResult(row: JobRow): Promise<ToolCallResult> {
  const t = taskToolByFunction(row.functionId);
  const tool = t && findTool(t.tool);
  if (t && tool) {
    try {
      const out = effectiveSchemas(tool).output.parse(await t.finalOutput(await getDb(), row)) as Record<string, unknown>;
      const extra = t.resultInText && row.result != null ? [text(`Job result:\n${JSON.stringify(row.result, null, 2)}`)] : [];
      return { content: [text(JSON.stringify(out, null, 2)), ...extra], structuredContent: out };
    } catch (e) {
      getLogger().error({ err: e, job_id: row.id, tool: t.tool }, "a task's result does not match its tool's output schema; sending the JobRef");
    }
  }
  const subject = row.subjectKind && row.subjectId ? { kind: row.subjectKind, id: row.subjectId } : null;
  const structured = { ...toJobRef(row), subject, result: row.result ?? null };
  return { content: [text(JSON.stringify(structured, null, 2))], structuredContent: structured };
}

/** "audited /about (3/10)": the job's progress message with its units. */
function progressLine(row: JobRow): string {
  const stage = row.progressMessage ?? (row.status === "queued" ? "queued" : "running");
  return row.progressTotal > 0 ? `${stage} (${row.progressDone}/${row.progressTotal})` : stage;
}

/**
 * A job as a task (spec "Tasks" §Task Status, §Task Execution Errors): queued / running → `working` with the progress
 * as `statusMessage`; succeeded → `completed` with the tool's result; failed → `completed` with an `isError: true`
 * result carrying the job's `{ code, message }` (a tool-level error, not a JSON-RPC one: `failed` is never used);
 * cancelled → `cancelled`. Timestamps are ISO-8601; `lastUpdatedAt` is the row's `updated_at`.
 */
export async function taskOf(row: JobRow): Promise<GetTaskResult> {
  const base = { resultType: "complete" as const, taskId: row.id, createdAt: row.createdAt.toISOString(), lastUpdatedAt: row.updatedAt.toISOString(), ttlMs: TASK_TTL_MS, pollIntervalMs: TASK_POLL_INTERVAL_MS };
  switch (row.status) {
    case "queued":
    case "running":
      return { ...base, status: "working", statusMessage: progressLine(row) };
    case "cancelled":
      return { ...base, status: "cancelled", statusMessage: row.error?.message ?? "Cancelled." };
    case "failed": {
      const error = row.error ?? { code: "JOB_FAILED", message: "The job failed." };
      return { ...base, status: "completed", statusMessage: `Failed: ${error.code}`, result: { resultType: "complete", ...errorResult(error.code, error.message) } };
    }
    case "succeeded":
      return { ...base, status: "completed", statusMessage: row.progressMessage ?? "Finished.", result: { resultType: "complete", ...(await succeededResult(row)) } };
  }
}
