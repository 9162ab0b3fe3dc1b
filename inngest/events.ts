import { z } from "zod";
import { JOB_CANCELLED_EVENT } from "@/lib/jobs/job-cancellation";

/** Every job event carries the id of its `jobs` row. */
export const JobEventBase = z.object({ job_id: z.string().min(1) });

/** `sitelint/scan.requested`: crawl and audit the scan `scan_id`. */
export const ScanRequested = JobEventBase.extend({ scan_id: z.string().min(1) });
export type ScanRequested = z.infer<typeof ScanRequested>;

/** `auditlens/triage.requested`: triage the run of triage `triage_id`. */
export const TriageRequested = JobEventBase.extend({ triage_id: z.string().min(1) });
export type TriageRequested = z.infer<typeof TriageRequested>;

/** `releasebutler/release.requested`: carry out the confirmed release run `run_id`. */
export const ReleaseRequested = JobEventBase.extend({ run_id: z.string().min(1) });
export type ReleaseRequested = z.infer<typeof ReleaseRequested>;

/** `omniaudit/job.cancelled`: stop the run of job `job_id` (every job function's `cancelOn`, matched on `data.job_id`). */
export const JobCancelled = JobEventBase;
export type JobCancelled = z.infer<typeof JobCancelled>;

/** `releasebutler/checksums.requested`: verify the checksums of release `tag` of `repo` (schema lives with the module that enqueues it). */
export { ChecksumsRequested } from "@/lib/modules/releasebutler/checksums/checksums-requested";

export const EVENTS = { scanRequested: "sitelint/scan.requested", triageRequested: "auditlens/triage.requested", releaseRequested: "releasebutler/release.requested", checksumsRequested: "releasebutler/checksums.requested", jobCancelled: JOB_CANCELLED_EVENT } as const;
