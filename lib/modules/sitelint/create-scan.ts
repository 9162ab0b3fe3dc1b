import "server-only";
import { scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { ScanProfile, ViewportSet } from "./types";

export type CreateScanInput = {
  url: string;
  profile: ScanProfile;
  viewportSet: ViewportSet;
  crawlBudget: number;
  entryPaths: string[];
};

/**
 * Record a scan and start its crawl as a durable job (`sitelint/run-scan`). The URL must already have passed the
 * URL policy (the runtime's policy step does that).
 * @returns the scan id and the new job row.
 */
export async function createScan(db: Db, input: CreateScanInput, who: { principal: string; requestId: string }) {
  const url = new URL(input.url);
  url.hash = "";
  const scanId = newId("scan");
  const jobId = newId("job");
  await db.insert(scans).values({
    id: scanId,
    jobId,
    url: url.toString(),
    origin: url.origin,
    profile: input.profile,
    viewportSet: input.viewportSet,
    crawlBudget: input.crawlBudget,
    entryPaths: input.entryPaths,
    principal: who.principal,
  });
  const job = await enqueueJob(db, {
    jobId,
    module: "sitelint",
    functionId: "sitelint/run-scan",
    event: "sitelint/scan.requested",
    data: { scan_id: scanId },
    subject: { kind: "scan", id: scanId },
    ...who,
  });
  return { scanId, job };
}
