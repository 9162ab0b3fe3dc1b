import type { jobs } from "@/drizzle/schema";
import type { JobRef } from "./types";

/** Map a `jobs` row to the public {@link JobRef}. */
export function toJobRef(row: typeof jobs.$inferSelect): JobRef {
  return {
    job_id: row.id,
    module: row.module,
    status: row.status,
    progress: row.progress,
    progress_detail: { done: row.progressDone, total: row.progressTotal, message: row.progressMessage },
    started_at: row.startedAt?.toISOString() ?? null,
    finished_at: row.finishedAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    error: row.error ?? null,
  };
}
