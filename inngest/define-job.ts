import type { z } from "zod";
import { getDb } from "@/lib/db/client";
import { toPublicError } from "@/lib/errors";
import { finishJob, markJobRunning } from "@/lib/jobs/update-job";
import { recordJobFinished } from "@/lib/observability/metrics";
import type { JobHandler, StepTools } from "@/lib/jobs/types";
import { inngest } from "./client";

export type JobDefinition<D> = {
  /** `<module>/<verb-noun>` — the Inngest function id and `jobs.function_id`. */
  id: string;
  event: string;
  schema: z.ZodType<D>;
  handler: JobHandler<D>;
};

/**
 * Define a durable job once and get both forms: the Inngest function (served at `/api/inngest`) and the plain
 * definition the in-process runner executes. The Inngest form wraps the handler with job-status steps and marks the
 * job failed from `onFailure` after the last retry; the in-process runner does the same around its own run.
 */
export function defineJob<D extends { job_id: string }>(def: JobDefinition<D>) {
  const fn = inngest.createFunction(
    {
      id: def.id,
      triggers: [{ event: def.event }],
      retries: 2,
      onFailure: async ({ event, error }) => {
        const data = (event.data as { event?: { data?: { job_id?: string } } }).event?.data;
        if (data?.job_id) await finishJob(await getDb(), data.job_id, { status: "failed", error: toPublicError(error) });
        recordJobFinished(def.id, "failed", 0);
      },
    },
    async ({ event, step }) => {
      const data = def.schema.parse(event.data);
      const steps = step as unknown as StepTools;
      await steps.run("job:start", async () => markJobRunning(await getDb(), data.job_id));
      const result = await def.handler({ event: { name: event.name, data }, step: steps });
      const started = await steps.run("job:finish", async () => (await finishJob(await getDb(), data.job_id, { status: "succeeded", result }))?.getTime() ?? Date.now());
      // Code after the last step runs once, in the final invocation.
      recordJobFinished(def.id, "succeeded", (Date.now() - Number(started)) / 1000);
      return result;
    },
  );
  return { ...def, fn };
}
