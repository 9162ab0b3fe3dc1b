import type { JobRef } from "@/lib/jobs/types";
import type { IndexedResult, VerificationPlan } from "./plan-types";
import type { ChecksumSummary, VerifyChecksumsOutput } from "./schemas";

const EMPTY: ChecksumSummary = { verified: 0, mismatch: 0, missing_checksum: 0, orphan_checksum: 0, download_failed: 0 };

/**
 * The tool's answer from a plan and the results of its downloads: results in order (assets as GitHub lists them, then
 * orphan entries), counted per status; `ok` when at least one result and all verified. `job` set (and no results) while
 * a job runs. Pure.
 */
export function assembleOutput(plan: VerificationPlan, o: { downloaded: IndexedResult[]; job: JobRef | null }): VerifyChecksumsOutput {
  const running = o.job !== null && (o.job.status === "queued" || o.job.status === "running");
  const results = running ? [] : [...plan.done, ...o.downloaded].sort((a, b) => a.index - b.index).map(({ index: _i, ...r }) => r);
  const summary = { ...EMPTY };
  for (const r of results) summary[r.status]++;
  const note = running ? [plan.note, `Verifying ${plan.downloads.length} download(s) in job ${o.job!.job_id}: poll core_get_job; its result is this answer, completed.`].filter(Boolean).join(" ") : plan.note;
  return {
    repo: plan.repo, tag_name: plan.tag_name, release_id: plan.release_id, status: running ? "running" : "completed",
    checksum_sources: plan.checksum_sources, results, skipped: plan.skipped, summary, ok: results.length > 0 && summary.verified === results.length, note, job: o.job,
  };
}
