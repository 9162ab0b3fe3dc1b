import "server-only";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";
import { recordJobFinished } from "@/lib/observability/metrics";
import { isJobCancellation, isJobCancelled, throwIfJobCancelled } from "./job-cancellation";
import { getJobRow } from "./queries";
import { attemptErrorOf, finishJob, markJobRunning, recordAttemptError } from "./update-job";
import type { JobDefinition, JobError, StepTools } from "./types";

/**
 * The one job lifecycle both backends run (the in-process runner and the Inngest function): mark running, run the
 * handler, finish with the result, metrics — and, once a job has failed for good, {@link failJob}. A job cancelled
 * meanwhile (`cancelJob`) stops at its next step boundary and is neither retried nor marked failed.
 */

/** What {@link runJobAttempt} returns for a job that stopped because it was cancelled (also the Inngest run's output). */
export type CancelledAttempt = { cancelled: true; job_id: string };

/** True for the value {@link runJobAttempt} returns when the job stopped on cancellation. */
export function wasCancelled(out: unknown): out is CancelledAttempt {
  return typeof out === "object" && out !== null && (out as { cancelled?: unknown }).cancelled === true && typeof (out as { job_id?: unknown }).job_id === "string";
}

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
 * between. Each handler step first checks that the job was not cancelled (inside the step, so memoized steps replay
 * without a query); on a cancelled job it throws `JOB_CANCELLED`, and the attempt stops: the subject gets its
 * cancellation treatment (`onCancel`, else `onFailure`) once more, now that the handler's last writes are in (e.g. a
 * scan's partial summary), and {@link CancelledAttempt} is returned — no `job:finish`, no retry, no failure. The duration metric is recorded after the last step, so it is
 * counted once (and not at all for a job that was already final).
 * @returns the handler's result, or {@link CancelledAttempt}. @throws whatever else the handler throws (the backend
 *   decides on retries).
 */
export async function runJobAttempt<D extends { job_id: string }>(def: JobDefinition<D>, o: { data: D; step: StepTools; eventName?: string }): Promise<unknown> {
  const jobId = o.data.job_id;
  await o.step.run("job:start", async () => markJobRunning(await getDb(), jobId));
  const remember = async (e: unknown) => {
    // Keep the AppError's code: Inngest serialises a step's error (and onFailure's) without it (see failJob).
    if (isAppError(e) && !isJobCancellation(e)) await recordAttemptError(await getDb(), jobId, jobErrorOf(e, jobId)).catch(() => undefined);
  };
  const step: StepTools = {
    run: (id, fn) =>
      o.step.run(id, async () => {
        await throwIfJobCancelled(await getDb(), jobId);
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
    // Inngest hands a failed step back as its own StepError (code lost): the job's row is the authority.
    if (isJobCancellation(e) || (await isJobCancelled(await getDb(), jobId).catch(() => false))) return stopCancelled(def, o.data);
    await remember(e);
    throw e;
  }
  const started = await o.step.run("job:finish", async () => (await finishJob(await getDb(), jobId, { status: "succeeded", result }))?.toISOString() ?? null);
  if (started) recordJobFinished(def.id, "succeeded", (Date.now() - Date.parse(started)) / 1000);
  return result;
}

/** A cancelled job's handler has stopped: give its subject the cancellation treatment again (idempotent), report it. */
async function stopCancelled<D extends { job_id: string }>(def: JobDefinition<D>, data: D): Promise<CancelledAttempt> {
  const log = getLogger().child({ job_id: data.job_id, function: def.id });
  log.info("job stopped: it was cancelled");
  // The same treatment cancelJob gave the subject (onFailure's are first-wins, onCancel refreshes partial results).
  const hook = def.onCancel ?? def.onFailure;
  if (hook) {
    try {
      // The JOB_CANCELLED error cancelJob stored on the job.
      const row = await getJobRow(await getDb(), data.job_id);
      await hook({ data, error: row?.error ?? { code: "JOB_CANCELLED", message: `Job ${data.job_id} was cancelled.` } });
    } catch (e) {
      log.error({ err: e }, "refreshing the cancelled job's subject failed");
    }
  }
  return { cancelled: true, job_id: data.job_id };
}

/**
 * Record that a job failed for good: `jobs.error` gets {@link jobErrorOf} (the raw error goes to the log), the
 * definition's `onFailure` runs (a scan is marked failed), and the failure is counted. A job cancelled meanwhile is
 * left as `cancelJob` made it (its `JOB_CANCELLED` error is returned; no `onFailure`). Never throws.
 */
export async function failJob<D extends { job_id: string }>(def: JobDefinition<D> | undefined, o: { jobId: string; functionId: string; data?: D; error: unknown }): Promise<JobError> {
  const log = getLogger().child({ job_id: o.jobId, function: o.functionId });
  // A cancelled job is final and not a failure (cancelJob gave its subject the cancellation treatment).
  if (await getDb().then((db) => isJobCancelled(db, o.jobId)).catch(() => false)) return { code: "JOB_CANCELLED", message: `Job ${o.jobId} was cancelled.` };
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
