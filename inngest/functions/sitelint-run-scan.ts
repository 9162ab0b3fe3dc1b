import { getDb } from "@/lib/db/client";
import { cancelScan } from "@/lib/modules/sitelint/cancel-scan";
import { crawlScan, failScan } from "@/lib/modules/sitelint/crawl-scan";
import { defineJob } from "../define-job";
import { EVENTS, ScanRequested } from "../events";

/**
 * `sitelint/run-scan`: crawl and audit one scan; each page is a durable step. A job failed for good fails its scan; a
 * cancelled one cancels it, keeping the pages audited so far.
 */
export const sitelintRunScan = defineJob({
  id: "sitelint/run-scan",
  event: EVENTS.scanRequested,
  schema: ScanRequested,
  handler: ({ event, step }) => crawlScan({ scanId: event.data.scan_id, jobId: event.data.job_id, step }),
  onFailure: async ({ data, error }) => failScan(await getDb(), data.scan_id, error),
  onCancel: async ({ data, error }) => cancelScan(await getDb(), data.scan_id, error),
});
