import { z } from "zod";

/** The subset of Inngest's `step` tools job handlers use; the in-process runner implements the same contract. */
export type StepTools = {
  /** Run `fn` once per job and step id; its JSON result is memoized and replayed on resume. */
  run<T>(id: string, fn: () => Promise<T>): Promise<T>;
};

/** Arguments every job handler receives, whichever backend runs it. */
export type JobHandlerArgs<D> = { event: { name: string; data: D }; step: StepTools };
export type JobHandler<D = unknown> = (args: JobHandlerArgs<D>) => Promise<unknown>;

/** A caller-safe job error, as stored in `jobs.error` (and a module's own rows): never a raw exception message. */
export type JobError = { code: string; message: string };

/**
 * A durable job, defined once (`inngest/define-job.ts` adds the Inngest function) and handed to `lib/jobs` at boot
 * (`registerJobs`), so the in-process runner executes the same handler without importing `inngest/`.
 */
export type JobDefinition<D extends { job_id: string } = { job_id: string }> = {
  /** `<module>/<verb-noun>` — the Inngest function id and `jobs.function_id`. */
  id: string;
  event: string;
  schema: z.ZodType<D>;
  handler: JobHandler<D>;
  /** Runs once when the job has failed for good (after the last retry), e.g. to mark a scan failed with `error`. */
  onFailure?: (args: { data: D; error: JobError }) => Promise<void>;
  /**
   * Runs when the job is cancelled (`cancelJob`, error code `JOB_CANCELLED`): at once, and again when a running handler
   * has stopped, so it must be idempotent (e.g. mark a scan cancelled and refresh its partial summary). Without it, a
   * cancelled job's subject gets `onFailure`'s treatment with the `JOB_CANCELLED` error.
   */
  onCancel?: (args: { data: D; error: JobError }) => Promise<void>;
};

export const JobStatus = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);
export type JobStatus = z.infer<typeof JobStatus>;

/** DESIGN.md §7 `JobRef`, plus the error of a failed job and a progress message. */
export const JobRef = z.object({
  job_id: z.string(),
  module: z.string(),
  status: JobStatus,
  progress: z.number().min(0).max(1).describe("Fraction done, 0..1"),
  progress_detail: z.object({ done: z.number().int(), total: z.number().int(), message: z.string().nullable() }),
  started_at: z.string().nullable().describe("ISO-8601"),
  finished_at: z.string().nullable().describe("ISO-8601"),
  created_at: z.string().describe("ISO-8601"),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type JobRef = z.infer<typeof JobRef>;
