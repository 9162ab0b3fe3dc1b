import { NonRetriableError } from "inngest";
import { isJobCancellation, JOB_CANCELLED_EVENT } from "@/lib/jobs/job-cancellation";
import { failJob, runJobAttempt } from "@/lib/jobs/job-lifecycle";
import type { JobDefinition, StepTools } from "@/lib/jobs/types";
import { inngest } from "./client";

/**
 * Every job function stops when `cancelJob` sends `omniaudit/job.cancelled` for its job: Inngest matches the event's
 * `data.job_id` with the triggering event's and cancels the run between steps (a running step finishes).
 */
export const CANCEL_ON_JOB_CANCELLED = [{ event: JOB_CANCELLED_EVENT, match: "data.job_id" }] as const;

/**
 * Inngest's step tools as the lifecycle uses them. A step that finds its job cancelled throws `JOB_CANCELLED`; it is
 * rethrown as a `NonRetriableError` so Inngest does not retry the step, and the lifecycle then stops the job.
 */
function stepToolsOf(step: { run: StepTools["run"] }): StepTools {
  return {
    run: (id, fn) =>
      step.run(id, async () => {
        try {
          return await fn();
        } catch (e) {
          if (isJobCancellation(e)) throw new NonRetriableError((e as Error).message, { cause: e });
          throw e;
        }
      }),
  };
}

/**
 * Define a durable job once and get both forms: the Inngest function (served at `/api/inngest`) and the plain
 * definition `lib/jobs` runs in-process (handed over at boot). Both run the same lifecycle (`lib/jobs/job-lifecycle`):
 * the Inngest function is one attempt (`runJobAttempt`; Inngest retries it twice), and `onFailure` — after the last
 * retry — records the failure exactly as the in-process runner does (`failJob`). Cancellation: `cancelOn` the
 * job-cancelled event ({@link CANCEL_ON_JOB_CANCELLED}), plus the lifecycle's own check before each step.
 */
export function defineJob<D extends { job_id: string }>(def: JobDefinition<D>) {
  const fn = inngest.createFunction(
    {
      id: def.id,
      triggers: [{ event: def.event }],
      retries: 2,
      cancelOn: [...CANCEL_ON_JOB_CANCELLED],
      onFailure: async ({ event, error }) => {
        const parsed = def.schema.safeParse((event.data as { event?: { data?: unknown } }).event?.data);
        const jobId = parsed.success ? parsed.data.job_id : "unknown";
        await failJob(def, { jobId, functionId: def.id, data: parsed.success ? parsed.data : undefined, error });
      },
    },
    async ({ event, step }) => runJobAttempt(def, { data: def.schema.parse(event.data), step: stepToolsOf(step as unknown as StepTools), eventName: event.name }),
  );
  return { ...def, fn };
}
