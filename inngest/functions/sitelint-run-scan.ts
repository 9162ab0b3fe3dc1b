import { crawlScan } from "@/lib/modules/sitelint/crawl-scan";
import { defineJob } from "../define-job";
import { EVENTS, ScanRequested } from "../events";

/** `sitelint/run-scan`: crawl and audit one scan; each page is a durable step. */
export const sitelintRunScan = defineJob({
  id: "sitelint/run-scan",
  event: EVENTS.scanRequested,
  schema: ScanRequested,
  handler: ({ event, step }) => crawlScan({ scanId: event.data.scan_id, jobId: event.data.job_id, step }),
});
