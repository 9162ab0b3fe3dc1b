import Link from "next/link";
import { DateTime } from "@/components/ui/date-time";
import { ProgressBar } from "@/components/ui/progress-bar";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import type { JobRef } from "@/lib/jobs/types";
import { JobStatusBadge } from "./job-status-badge";

/** Bar colour and label for a job's progress: `done / total` when the job knows its total. */
export function jobProgressProps(job: JobRef): { tone: "blue" | "green" | "red" | "zinc"; label: string } {
  const tone = job.status === "succeeded" ? "green" : job.status === "failed" ? "red" : job.status === "cancelled" ? "zinc" : "blue";
  const { done, total } = job.progress_detail;
  return { tone, label: total > 0 ? `${done} / ${total}` : `${Math.round(job.progress * 100)}%` };
}

/** Jobs with status and progress; each id links to `/jobs/[id]`. */
export function JobsTable({ jobs, empty }: { jobs: JobRef[]; empty?: string }) {
  return (
    <Table testId="jobs-table" caption="Jobs">
      <THead columns={["Job", "Module", "Status", "Progress", "Created", "Started", "Finished"]} />
      <tbody>
        {jobs.length === 0 ? <EmptyRow colSpan={7}>{empty ?? "No jobs."}</EmptyRow> : null}
        {jobs.map((j) => (
          <tr key={j.job_id} className={rowClass} data-testid="job-row" data-job-id={j.job_id}>
            <Td mono>
              <Link href={`/jobs/${encodeURIComponent(j.job_id)}`} className="text-blue-700 hover:underline">
                {j.job_id}
              </Link>
            </Td>
            <Td>{j.module}</Td>
            <Td>
              <JobStatusBadge status={j.status} testId="job-row-status" />
            </Td>
            <Td className="w-48">
              <ProgressBar value={j.progress} {...jobProgressProps(j)} />
            </Td>
            <Td>
              <DateTime value={j.created_at} />
            </Td>
            <Td>
              <DateTime value={j.started_at} />
            </Td>
            <Td>
              <DateTime value={j.finished_at} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
