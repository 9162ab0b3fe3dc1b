import "server-only";
import type { GitHubAccess, RepoClient } from "@/lib/github/github-access";
import { openRedirectedDownload } from "@/lib/github/open-download";
import { readTextLimited } from "@/lib/net/guarded-fetch";

/** Most of a job log read, bytes; GitHub's own viewer stops well before this. */
export const MAX_JOB_LOG_BYTES = 64 * 1024 * 1024;

/**
 * Download one job's log (GitHub redirects `GET …/actions/jobs/{job_id}/logs` to a short-lived blob URL), at most
 * {@link MAX_JOB_LOG_BYTES}.
 * @returns the raw log text and whether it was cut at the limit.
 * @throws AppError from `openRedirectedDownload` (`NOT_FOUND` for an unknown job or expired logs, `FORBIDDEN`, …).
 */
export async function downloadJobLog(client: RepoClient, github: GitHubAccess, jobId: number): Promise<{ text: string; truncated: boolean }> {
  const res = await openRedirectedDownload(client, github.net, {
    route: "GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs",
    params: { job_id: jobId },
    target: `the log of job ${jobId} in ${client.owner}/${client.repo}`,
  });
  return readTextLimited(res, MAX_JOB_LOG_BYTES);
}
