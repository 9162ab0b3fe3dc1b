import { getDb } from "@/lib/db/client";
import { failReleaseRun, runCreateRelease } from "@/lib/modules/releasebutler/release/run-create-release";
import { defineJob } from "../define-job";
import { EVENTS, ReleaseRequested } from "../events";

/** `releasebutler/create-release`: a confirmed release — find-or-create, one step per asset, publish, receipt. A run failed for good fails its receipt. */
export const releasebutlerCreateRelease = defineJob({
  id: "releasebutler/create-release",
  event: EVENTS.releaseRequested,
  schema: ReleaseRequested,
  handler: ({ event, step }) => runCreateRelease({ runId: event.data.run_id, jobId: event.data.job_id, step }),
  onFailure: async ({ data, error }) => failReleaseRun(await getDb(), data.run_id, error),
});
