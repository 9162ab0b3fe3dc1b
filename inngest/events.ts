import { z } from "zod";

/** Every job event carries the id of its `jobs` row. */
export const JobEventBase = z.object({ job_id: z.string().min(1) });

/** `sitelint/scan.requested`: crawl and audit the scan `scan_id`. */
export const ScanRequested = JobEventBase.extend({ scan_id: z.string().min(1) });
export type ScanRequested = z.infer<typeof ScanRequested>;

export const EVENTS = { scanRequested: "sitelint/scan.requested" } as const;
