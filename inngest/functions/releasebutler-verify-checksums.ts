import { ChecksumsRequested, CHECKSUMS_JOB } from "@/lib/modules/releasebutler/checksums/checksums-requested";
import { runChecksumsJob } from "@/lib/modules/releasebutler/checksums/run-checksums-job";
import { defineJob } from "../define-job";

/** `releasebutler/verify-checksums`: verify a large release's assets; one durable step for the plan, one per download. */
export const releasebutlerVerifyChecksums = defineJob({
  id: CHECKSUMS_JOB.functionId,
  event: CHECKSUMS_JOB.event,
  schema: ChecksumsRequested,
  handler: ({ event, step }) => runChecksumsJob({ data: event.data, step }),
});
