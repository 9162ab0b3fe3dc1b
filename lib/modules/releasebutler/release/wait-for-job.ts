import "server-only";
import type { Db } from "@/lib/db/client";
import { getJobRow } from "@/lib/jobs/queries";

const FINAL = new Set(["succeeded", "failed", "cancelled"]);

/**
 * Poll a job's row until it is final or `timeoutMs` passes (every 250 ms). A call that started a short job can then
 * answer with its outcome; a long one answers with the JobRef and the caller polls `core_get_job`.
 * @returns the last row read (final or not), or undefined when the job does not exist.
 */
export async function waitForJob(db: Db, jobId: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await getJobRow(db, jobId);
    if (!row || FINAL.has(row.status) || Date.now() >= until) return row;
    await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, until - Date.now()))));
  }
}
