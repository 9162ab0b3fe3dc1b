import "server-only";
import { eq } from "drizzle-orm";
import { jobs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";

/**
 * Cooperative job cancellation, the part the running handler sees: a cancelled job (`jobs.status = cancelled`, set by
 * `cancelJob`) is noticed at the next step boundary, where the step wrapper of `runJobAttempt` throws
 * {@link jobCancelledError}; the lifecycle then stops the job without retrying it or marking it failed. A step that has
 * started runs to completion (as with Inngest's own cancellation), so work stops within about one step.
 */

/** Event `cancelJob` sends to Inngest; every job function has `cancelOn` for it, matched on `data.job_id`. */
export const JOB_CANCELLED_EVENT = "omniaudit/job.cancelled";

/** The error a cancelled job stops with: code `JOB_CANCELLED`, a message written for the caller. */
export function jobCancelledError(jobId: string): AppError {
  return new AppError("JOB_CANCELLED", `Job ${jobId} was cancelled; it stopped before its next step.`);
}

/** True for the error {@link throwIfJobCancelled} throws (also after a round trip through an `AppError`'s shape). */
export function isJobCancellation(e: unknown): boolean {
  return isAppError(e) && e.code === "JOB_CANCELLED";
}

/** Whether the job's row says `cancelled` (one indexed read). */
export async function isJobCancelled(db: Db, jobId: string): Promise<boolean> {
  const [row] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return row?.status === "cancelled";
}

/** @throws AppError `JOB_CANCELLED` when the job has been cancelled. */
export async function throwIfJobCancelled(db: Db, jobId: string): Promise<void> {
  if (await isJobCancelled(db, jobId)) throw jobCancelledError(jobId);
}
