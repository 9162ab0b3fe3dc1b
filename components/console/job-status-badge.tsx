import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { JobStatus } from "@/lib/jobs/types";

const TONE: Record<JobStatus, BadgeTone> = { queued: "neutral", running: "blue", succeeded: "green", failed: "red", cancelled: "amber" };

/** A job's (or scan's) status as a coloured badge with `data-status`. */
export function JobStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge tone={TONE[status as JobStatus] ?? "neutral"} testId={testId} data={{ status }}>
      {status}
    </Badge>
  );
}

/** True once a job can no longer change (succeeded, failed, cancelled). */
export function isFinalStatus(status: string): boolean {
  return status !== "queued" && status !== "running";
}
