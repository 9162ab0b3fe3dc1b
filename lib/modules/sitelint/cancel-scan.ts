import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { JobError } from "@/lib/jobs/types";
import { summarizeScan } from "./finalize-scan";

/**
 * Mark a scan cancelled once its job is cancelled (the job definition's `onCancel`): status `cancelled` with the
 * `JOB_CANCELLED` error, and a summary of the pages and findings stored so far — they are kept. Idempotent: called
 * when the job is cancelled and again when the crawl has stopped (a page audited in between is then counted); a scan
 * that had already succeeded or failed is never touched.
 */
export async function cancelScan(db: Db, scanId: string, error: JobError): Promise<void> {
  const summary = await summarizeScan(db, scanId);
  await db
    .update(scans)
    .set({ status: "cancelled", error, summary, pagesDone: summary.pages_ok, pagesFailed: summary.pages_failed, finishedAt: sql`coalesce(${scans.finishedAt}, now())` })
    .where(and(eq(scans.id, scanId), inArray(scans.status, ["queued", "running", "cancelled"])));
}
