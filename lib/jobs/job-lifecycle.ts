import "server-only";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";
import { recordJobFinished } from "@/lib/observability/metrics";
import { attemptErrorOf, finishJob, markJobRunning, recordAttemptError } from "./update-job";
import type { JobDefinition, JobError, StepTools } from "./types";

/**
 * The one job lifecycle both backends run (the in-process runner and the Inngest function): mark running, run the
 * handler, finish with the result, metrics — and, once a job has failed for good, {@link failJob}.
 */

/**
 * The caller-safe error of a failed job: an `AppError`'s code and message (written for callers), else `JOB_FAILED`
 * with a generic message — a raw exception message (SQL, stack details, library text) never reaches `jobs.error`.
 */
export function jobErrorOf(e: unknown, jobId: string): JobError {
  if (isAppError(e)) return { code: e.code, message: e.message };
  return { code: "JOB_FAILED", message: `The job stopped on an unexpected error; the server log has the details (job ${jobId}).` };
}

/**
 * One attempt of a job: `job:start` and `job:finish` are steps (run once, replayed after), the handler's own steps in
 * between. The duration metric is recorded after the last step, so it is counted once.
 * @returns the handler's result. @throws whatever the handler throws (the backend decides on retries).
 */
export async function runJobAttempt<D extends { job_id: string }>(def: JobDefinition<D>, o: { data: D; step: StepTools; eventName?: string }): Promise<unknown> {
  const jobId = o.data.job_id;
  await o.step.run("job:start", async () => markJobRunning(await getDb(), jobId));
  const remember = async (e: unknown) => {
    // Keep the AppError's code: Inngest serialises a step's error (and onFailure's) without it (see failJob).
    if (isAppError(e)) await recordAttemptError(await getDb(), jobId, jobErrorOf(e, jobId)).catch(() => undefined);
  };
  const step: StepTools = {
    run: (id, fn) =>
      o.step.run(id, async () => {
        try {
          return await fn();
        } catch (e) {
          await remember(e);
          throw e;
        }
      }),
  };
  let result: unknown;
  try {
    result = await def.handler({ event: { name: o.eventName ?? def.event, data: o.data }, step });
  } catch (e) {
    await remember(e);
    throw e;
  }
  const started = await o.step.run("job:finish", async () => (await finishJob(await getDb(), jobId, { status: "succeeded", result }))?.toISOString() ?? null);
  recordJobFinished(def.id, "succeeded", started ? (Date.now() - Date.parse(started)) / 1000 : 0);
  return result;
}

/**
 * Record that a job failed for good: `jobs.error` gets {@link jobErrorOf} (the raw error goes to the log), the
 * definition's `onFailure` runs (a scan is marked failed), and the failure is counted. Never throws.
 */
export async function failJob<D extends { job_id: string }>(def: JobDefinition<D> | undefined, o: { jobId: string; functionId: string; data?: D; error: unknown }): Promise<JobError> {
  const log = getLogger().child({ job_id: o.jobId, function: o.functionId });
  let error = jobErrorOf(o.error, o.jobId);
  // Inngest's onFailure gets the error serialised ({ name, message, stack }): the last attempt recorded its code.
  if (!isAppError(o.error)) error = (await getDb().then((db) => attemptErrorOf(db, o.jobId)).catch(() => null)) ?? error;
  if (error.code === "JOB_FAILED") log.error({ err: o.error }, "job failed");
  else log.warn({ code: error.code }, "job failed");
  let started: Date | null = null;
  try {
    const db = await getDb();
    started = await finishJob(db, o.jobId, { status: "failed", error });
    if (def?.onFailure && o.data) await def.onFailure({ data: o.data, error });
  } catch (e) {
    log.error({ err: e }, "recording the job failure failed");
  }
  recordJobFinished(o.functionId, "failed", started ? (Date.now() - started.getTime()) / 1000 : 0);
  return error;
}
