import { getDb } from "@/lib/db/client";
import { failTriage, triageRun } from "@/lib/modules/auditlens/triage/triage-run";
import { defineJob } from "../define-job";
import { EVENTS, TriageRequested } from "../events";

/** `auditlens/triage-run`: triage a red run; one durable step per stage. A job failed for good fails its triage. */
export const auditlensTriageRun = defineJob({
  id: "auditlens/triage-run",
  event: EVENTS.triageRequested,
  schema: TriageRequested,
  handler: ({ event, step }) => triageRun({ triageId: event.data.triage_id, jobId: event.data.job_id, step }),
  onFailure: async ({ data, error }) => failTriage(await getDb(), data.triage_id, error),
});
