import type { ReactNode } from "react";
import { Card } from "@/components/ui/panel";
import { DateTime } from "@/components/ui/date-time";
import { DefinitionList } from "@/components/ui/definition-list";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { JobRef } from "@/lib/jobs/types";
import { JobStatusBadge } from "./job-status-badge";
import { jobProgressProps } from "./jobs-table";

/** A job's JobRef fields, its progress bar (done/total and message) and, for a failed job, its error. */
export function JobSummary({ job, subject }: { job: JobRef; subject?: { kind: string; id: string } | null }) {
  const { done, total, message } = job.progress_detail;
  return (
    <div className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <Card>
        <DefinitionList
          items={[
            ["Job id", <span key="id" className="font-mono text-xs">{job.job_id}</span>],
            ["Module", job.module],
            ["Status", <JobStatusBadge key="s" status={job.status} testId="job-status" />],
            ["Created", <DateTime key="c" value={job.created_at} />],
            ["Started", <DateTime key="st" value={job.started_at} />],
            ["Finished", <DateTime key="f" value={job.finished_at} />],
            ...(subject ? [["Subject", <span key="sub" className="font-mono text-xs">{`${subject.kind} ${subject.id}`}</span>] as [string, ReactNode]] : []),
          ]}
        />
      </Card>
      <Card className="space-y-2">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Progress</h3>
        <ProgressBar
          value={job.progress}
          size="md"
          testId="job-progress"
          data={{ done: String(done), total: String(total), progress: String(job.progress) }}
          {...jobProgressProps(job)}
        />
        <p className="text-xs text-zinc-600" data-testid="job-progress-message">
          {message ?? (total > 0 ? `${done} of ${total} done` : "No progress reported yet.")}
        </p>
        {job.status === "failed" ? (
          <div role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-xs text-red-800" data-testid="job-error">
            <p className="font-semibold">Job failed{job.error ? `: ${job.error.code}` : ""}</p>
            {job.error ? <p className="mt-0.5 whitespace-pre-wrap break-words">{job.error.message}</p> : null}
          </div>
        ) : null}
      </Card>
    </div>
  );
}
