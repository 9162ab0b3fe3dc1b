import { failJob, runJobAttempt } from "@/lib/jobs/job-lifecycle";
import type { JobDefinition, StepTools } from "@/lib/jobs/types";
import { inngest } from "./client";

/**
 * Define a durable job once and get both forms: the Inngest function (served at `/api/inngest`) and the plain
 * definition `lib/jobs` runs in-process (handed over at boot). Both run the same lifecycle (`lib/jobs/job-lifecycle`):
 * the Inngest function is one attempt (`runJobAttempt`; Inngest retries it twice), and `onFailure` — after the last
 * retry — records the failure exactly as the in-process runner does (`failJob`).
 */
export function defineJob<D extends { job_id: string }>(def: JobDefinition<D>) {
  const fn = inngest.createFunction(
    {
      id: def.id,
      triggers: [{ event: def.event }],
      retries: 2,
      onFailure: async ({ event, error }) => {
        const parsed = def.schema.safeParse((event.data as { event?: { data?: unknown } }).event?.data);
        const jobId = parsed.success ? parsed.data.job_id : "unknown";
        await failJob(def, { jobId, functionId: def.id, data: parsed.success ? parsed.data : undefined, error });
      },
    },
    async ({ event, step }) => runJobAttempt(def, { data: def.schema.parse(event.data), step: step as unknown as StepTools, eventName: event.name }),
  );
  return { ...def, fn };
}
