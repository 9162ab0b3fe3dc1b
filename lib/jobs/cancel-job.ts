import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { jobs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";
import { recordJobFinished } from "@/lib/observability/metrics";
import { JOB_CANCELLED_EVENT } from "./job-cancellation";
import { eventSender, findJob } from "./job-registry";
import type { JobDefinition, JobError } from "./types";

type JobRow = typeof jobs.$inferSelect;

/**
 * What {@link cancelJob} did: `cancelled` — the job was queued or running and is now cancelled; `already_cancelled`
 * — nothing to do (idempotent); `already_final` — it had succeeded or failed first and keeps that outcome.
 */
export type CancelJobOutcome = { outcome: "cancelled" | "already_cancelled" | "already_final"; job: JobRow };

/**
 * Cancel a job that has not finished. In one update, a `queued` or `running` job becomes `cancelled` with
 * `finished_at`, `jobs.error = { code: "JOB_CANCELLED", message }` and its lease released (a final job is never
 * touched). Then its subject gets the job definition's `onCancel` (or `onFailure`) treatment with that error — a scan
 * is marked cancelled keeping its pages and findings, a triage or a release run failed with `JOB_CANCELLED` — and, for
 * a job on the Inngest backend, the `omniaudit/job.cancelled` event is sent so Inngest stops the run between steps
 * (`cancelOn`, see `inngest/define-job.ts`). A running in-process handler notices the status at its next step and
 * stops (`runJobAttempt`): at most the step it is in finishes.
 *
 * The subject hook and the event are best effort (logged on failure): the job is cancelled either way, and the
 * handler's own check stops it even when the event is lost. Authorization is the caller's business (`principal` is
 * who asked, recorded in the error message and the log).
 *
 * @param o.principal who cancels (e.g. the MCP caller, an operator); `o.reason` a short why ("tasks/cancel").
 * @throws AppError `NOT_FOUND` when no job has this id.
 */
export async function cancelJob(db: Db, jobId: string, o: { principal: string; reason?: string }): Promise<CancelJobOutcome> {
  const why = o.reason?.trim().slice(0, 200);
  const error: JobError = { code: "JOB_CANCELLED", message: `Cancelled by ${o.principal}${why ? ` (${why})` : ""} before it finished; work done until then is kept.` };
  const now = new Date();
  const [row] = await db
    .update(jobs)
    .set({ status: "cancelled", error, finishedAt: now, leaseOwner: null, leaseExpiresAt: null, updatedAt: now })
    .where(and(eq(jobs.id, jobId), inArray(jobs.status, ["queued", "running"])))
    .returning();
  if (!row) {
    const [current] = await db.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
    if (!current) throw new AppError("NOT_FOUND", `No job ${jobId}.`);
    return { outcome: current.status === "cancelled" ? "already_cancelled" : "already_final", job: current };
  }
  const log = getLogger().child({ job_id: jobId, function: row.functionId });
  log.info({ principal: o.principal, reason: why }, "job cancelled");
  recordJobFinished(row.functionId, "cancelled", (now.getTime() - (row.startedAt ?? row.createdAt).getTime()) / 1000);
  await cancelSubject(row, error).catch((e) => log.error({ err: e }, "cancelling the job's subject failed"));
  if (row.backend === "inngest") {
    const send = eventSender();
    await (send ? send({ name: JOB_CANCELLED_EVENT, data: { job_id: jobId } }) : Promise.reject(new Error("no Inngest event sender registered")))
      .catch((e) => log.warn({ err: e }, "Inngest did not accept the cancellation event; the run stops at its next step instead"));
  }
  return { outcome: "cancelled", job: row };
}

/** Give the job's subject its cancellation treatment: `onCancel`, else `onFailure`, with the job's event data. */
async function cancelSubject(row: JobRow, error: JobError): Promise<void> {
  const def = (await findJob(row.functionId)) as JobDefinition | undefined;
  const hook = def?.onCancel ?? def?.onFailure;
  if (!def || !hook) return;
  const data = def.schema.safeParse(row.input);
  if (data.success) await hook({ data: data.data, error });
}
