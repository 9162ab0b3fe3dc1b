import { z } from "zod";
import { AppError } from "@/lib/errors";
import { toJobRef } from "@/lib/jobs/job-ref";
import { getJobRow } from "@/lib/jobs/queries";
import { JobRef } from "@/lib/jobs/types";
import { defineTool } from "@/lib/runtime/define-tool";

export const getJob = defineTool({
  name: "core_get_job",
  title: "Get a job's status and progress",
  description:
    "Return a background job (JobRef): status (queued, running, succeeded, failed, cancelled), progress 0..1 with done/total units and the current stage, timestamps, and the error of a failed job. Poll it after sitelint_start_scan until status is succeeded or failed.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({ job_id: z.string().min(1).max(100).describe("Id returned by a tool that started a job, e.g. job_…") }).strict(),
  output: JobRef.extend({ subject: z.object({ kind: z.string(), id: z.string() }).nullable() }),
  handler: async ({ job_id }, { db }) => {
    const row = await getJobRow(db, job_id);
    if (!row) throw new AppError("NOT_FOUND", `No job ${job_id}. List jobs with core_list_jobs.`);
    return { ...toJobRef(row), subject: row.subjectKind && row.subjectId ? { kind: row.subjectKind, id: row.subjectId } : null };
  },
});
