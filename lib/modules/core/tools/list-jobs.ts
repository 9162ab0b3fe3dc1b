import { z } from "zod";
import { toJobRef } from "@/lib/jobs/job-ref";
import { listJobRows } from "@/lib/jobs/queries";
import { JobRef, JobStatus } from "@/lib/jobs/types";
import { defineTool } from "@/lib/runtime/define-tool";

export const listJobs = defineTool({
  name: "core_list_jobs",
  title: "List background jobs",
  description: "List background jobs newest first (JobRef each), optionally filtered by status and module. Bounded: `limit` (default 20, max 100) with `offset` paging; `truncated` says more exist.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z
    .object({
      status: JobStatus.optional(),
      module: z.enum(["core", "sitelint", "auditlens", "releasebutler"]).optional(),
      limit: z.number().int().min(1).max(100).default(20),
      offset: z.number().int().min(0).max(100_000).default(0),
    })
    .strict(),
  output: z.object({ jobs: z.array(JobRef), truncated: z.boolean(), next_offset: z.number().int().nullable() }),
  handler: async ({ status, module, limit, offset }, { db }) => {
    const rows = await listJobRows(db, { status, module, limit: limit + 1, offset });
    const truncated = rows.length > limit;
    return { jobs: rows.slice(0, limit).map(toJobRef), truncated, next_offset: truncated ? offset + limit : null };
  },
});
