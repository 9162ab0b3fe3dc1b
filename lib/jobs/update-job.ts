import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { jobs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/**
 * Record progress: `done` of `total` units (pages × viewports for a scan). `progress` is clamped to [0, 1]; a final
 * job is never touched.
 */
export async function updateJobProgress(db: Db, jobId: string, p: { done: number; total: number; message?: string }): Promise<void> {
  const total = Math.max(p.total, p.done, 0);
  await db
    .update(jobs)
    .set({ progressDone: p.done, progressTotal: total, progress: total === 0 ? 0 : Math.min(1, p.done / total), progressMessage: p.message ?? null, updatedAt: new Date() })
    .where(and(eq(jobs.id, jobId), inArray(jobs.status, ["queued", "running"])));
}

/** Mark a job running (idempotent; keeps the first `started_at`). */
export async function markJobRunning(db: Db, jobId: string): Promise<void> {
  await db
    .update(jobs)
    .set({ status: "running", startedAt: sql`coalesce(${jobs.startedAt}, now())`, updatedAt: new Date() })
    .where(and(eq(jobs.id, jobId), inArray(jobs.status, ["queued", "running"])));
}

/**
 * Finish a job once: succeeded with its result, or failed with a caller-safe error. Releases any lease.
 * @returns when it started (for the job-duration metric), or null when the job was already final.
 */
export async function finishJob(
  db: Db,
  jobId: string,
  outcome: { status: "succeeded"; result: unknown } | { status: "failed"; error: { code: string; message: string } },
): Promise<Date | null> {
  const [row] = await db
    .update(jobs)
    .set({
      status: outcome.status,
      result: outcome.status === "succeeded" ? (outcome.result ?? null) : null,
      error: outcome.status === "failed" ? outcome.error : null,
      ...(outcome.status === "succeeded" ? { progress: 1, progressDone: sql`greatest(${jobs.progressDone}, ${jobs.progressTotal})` } : {}),
      finishedAt: new Date(),
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: new Date(),
    })
    .where(and(eq(jobs.id, jobId), inArray(jobs.status, ["queued", "running"])))
    .returning({ startedAt: jobs.startedAt, createdAt: jobs.createdAt });
  return row ? (row.startedAt ?? row.createdAt) : null;
}

/**
 * Remember the caller-safe error of a failed attempt on a job still running (the backend may retry it). Inngest hands
 * `onFailure` a serialised error without an `AppError`'s code, so the code is kept here for {@link finishJob}.
 */
export async function recordAttemptError(db: Db, jobId: string, error: { code: string; message: string }): Promise<void> {
  await db.update(jobs).set({ error, updatedAt: new Date() }).where(and(eq(jobs.id, jobId), inArray(jobs.status, ["queued", "running"])));
}

/** The error a failed attempt recorded on a job still running, or null. */
export async function attemptErrorOf(db: Db, jobId: string): Promise<{ code: string; message: string } | null> {
  const [row] = await db.select({ error: jobs.error, status: jobs.status }).from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return row && (row.status === "queued" || row.status === "running") && row.error ? (row.error as { code: string; message: string }) : null;
}
