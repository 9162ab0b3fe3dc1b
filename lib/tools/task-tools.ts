import "server-only";
import { z } from "zod";
import type { jobs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { toJobRef } from "@/lib/jobs/job-ref";
import { CHECKSUMS_JOB } from "@/lib/modules/releasebutler/checksums/checksums-requested";
import { releaseTaskOutput } from "./release-task-output";

type JobRow = typeof jobs.$inferSelect;

/**
 * The tools whose calls become MCP tasks (tasks extension, `io.modelcontextprotocol/tasks`): an explicit list, so a
 * tool that happens to return a `job_id` is never turned into a task by accident. Each entry names the job function
 * the call starts, where the call's result carries the job id, and how to rebuild — from durable state only (the
 * `jobs` row and the job's subject) — the result the call would have returned had it waited for the job. That
 * rebuilt output is checked against the tool's own output schema before it is sent (see `mcp-tasks.ts`).
 */
export type TaskTool = {
  /** Canonical tool name (`tools/call` also accepts the dotted alias; pass the resolved tool's `name`). */
  tool: string;
  /** `jobs.function_id` of the job the call starts. */
  functionId: string;
  /** The job id in the call's `structuredContent`, or undefined when this call started no job (dry run, inline). */
  jobIdOf(structured: Record<string, unknown>): string | undefined;
  /** The tool's output for its succeeded job (the shape of the tool's `outputSchema`). */
  finalOutput(db: Db, row: JobRow): Promise<Record<string, unknown>>;
  /** Whether `jobs.result` adds to {@link finalOutput} (then it is also sent as a second text block). */
  resultInText: boolean;
};

const TopJobId = z.object({ job_id: z.string().min(1) });
const NestedJobId = z.object({ job: z.object({ job_id: z.string().min(1) }) });
const top = (sc: Record<string, unknown>) => TopJobId.safeParse(sc).data?.job_id;
const nested = (sc: Record<string, unknown>) => NestedJobId.safeParse(sc).data?.job.job_id;

export const TASK_TOOLS: readonly TaskTool[] = [
  {
    tool: "sitelint_start_scan",
    functionId: "sitelint/run-scan",
    jobIdOf: top,
    finalOutput: async (_db, row) => ({ ...toJobRef(row), scan_id: row.subjectId }),
    resultInText: true,
  },
  {
    tool: "auditlens_triage_run",
    functionId: "auditlens/triage-run",
    jobIdOf: top,
    finalOutput: async (_db, row) => ({ ...toJobRef(row), triage_id: row.subjectId }),
    resultInText: true,
  },
  {
    // The job stores the tool's complete answer ("poll core_get_job, whose result is this same answer").
    tool: "releasebutler_verify_checksums",
    functionId: CHECKSUMS_JOB.functionId,
    jobIdOf: nested,
    finalOutput: async (_db, row) => z.record(z.string(), z.unknown()).parse(row.result),
    resultInText: false,
  },
  {
    // Only a confirmed call starts a job; a dry run or a confirmation request has `job: null` and stays synchronous.
    tool: "releasebutler_create_release",
    functionId: "releasebutler/create-release",
    jobIdOf: nested,
    finalOutput: releaseTaskOutput,
    resultInText: false,
  },
];

/** The entry for a tool name (canonical or dotted alias), or undefined for a tool that never becomes a task. */
export function taskToolByName(name: string): TaskTool | undefined {
  return TASK_TOOLS.find((t) => t.tool === name || t.tool === name.replace(".", "_"));
}

/** The entry for a job function id, or undefined (a job started some other way, e.g. from the console). */
export function taskToolByFunction(functionId: string): TaskTool | undefined {
  return TASK_TOOLS.find((t) => t.functionId === functionId);
}
