import "server-only";
import { jobs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { getLogger } from "@/lib/observability/logger";
import { eventSender } from "./job-registry";
import { finishJob } from "./update-job";
import { scheduleLocalJobs } from "./run-local-job";

export type EnqueueJobOptions = {
  module: string;
  /** Inngest function id, `<module>/<verb-noun>`. */
  functionId: string;
  /** Event that triggers the function. */
  event: string;
  /** Event data; `job_id` is added. */
  data: Record<string, unknown>;
  subject?: { kind: string; id: string };
  principal: string;
  requestId: string;
  jobId?: string;
};

/**
 * Create a `jobs` row and start the job on the configured backend: an event to Inngest, or the in-process runner.
 * Returns the new row at once; the work continues in the background.
 * @throws AppError `UPSTREAM_ERROR` when the Inngest server refuses the event (the job is marked failed).
 */
export async function enqueueJob(db: Db, o: EnqueueJobOptions): Promise<typeof jobs.$inferSelect> {
  const env = getEnv();
  const id = o.jobId ?? newId("job");
  const data = { ...o.data, job_id: id };
  const [row] = await db
    .insert(jobs)
    .values({
      id, module: o.module, functionId: o.functionId, input: data, principal: o.principal, requestId: o.requestId,
      backend: env.jobBackend, subjectKind: o.subject?.kind ?? null, subjectId: o.subject?.id ?? null,
    })
    .returning();
  if (env.jobBackend === "inngest") {
    const send = eventSender();
    try {
      if (!send) throw new Error("no Inngest event sender registered at boot");
      await send({ name: o.event, data });
    } catch (e) {
      getLogger().error({ err: e, job_id: id }, "Inngest did not accept the event");
      const error = { code: "UPSTREAM_ERROR", message: "The job could not be queued: the Inngest server did not accept its event. Check INNGEST_BASE_URL / INNGEST_EVENT_KEY." };
      await finishJob(db, id, { status: "failed", error });
      throw new AppError("UPSTREAM_ERROR", error.message);
    }
  } else {
    scheduleLocalJobs();
  }
  return row!;
}
