import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { findMarkedIssue } from "./find-marked-issue";
import { markerFor } from "./issue-marker";

export type FiledIssue = {
  action: "created" | "commented";
  issue_number: number;
  issue_url: string;
  comment_url: string | null;
  /** True when GitHub's answer to the create was lost and the issue was found by its marker afterwards. */
  recovered: boolean;
};

/** A create whose outcome is unknown: GitHub may have created the issue (5xx, reset connection, timeout). */
function ambiguous(e: unknown): boolean {
  const status = (e as { status?: number } | null)?.status;
  return status === undefined || status >= 500;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * File an issue once: find the open issue carrying the marker (`findMarkedIssue`) and comment on it with the new
 * body (marker removed, "Seen again" header), or create the issue. The create is sent without automatic retries
 * (`request.retries: 0`) — a blind retry of a POST whose response was lost would open a duplicate; instead, when the
 * outcome is unknown, the marker lookup runs again (twice, 1 s apart) and an issue it finds is the one we created.
 * Only when it is still absent is the create sent once more.
 * @param d.body must contain `markerFor(d.fingerprint)` (the caller adds it).
 * @throws AppError from `mapGitHubError` (403 without issues:write, 404, 410 issues disabled, 422, rate limits).
 */
export async function fileIssue(client: RepoClient, d: { title: string; body: string; labels: string[]; fingerprint: string; seenAgainNote: string }): Promise<FiledIssue> {
  const { octokit, owner, repo } = client;
  const target = `${owner}/${repo}`;
  const existing = await findMarkedIssue(client, d.fingerprint);
  if (existing) {
    const comment = `${d.seenAgainNote}\n\n${d.body.replace(markerFor(d.fingerprint), "").trim()}`;
    try {
      const c = await octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body: comment, request: { retries: 0 } });
      return { action: "commented", issue_number: existing.number, issue_url: existing.html_url, comment_url: c.data.html_url, recovered: false };
    } catch (e) {
      throw mapGitHubError(e, { target: `issue #${existing.number} of ${target}` });
    }
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const created = await octokit.rest.issues.create({ owner, repo, title: d.title, body: d.body, labels: d.labels, request: { retries: 0 } });
      return { action: "created", issue_number: created.data.number, issue_url: created.data.html_url, comment_url: null, recovered: attempt > 0 };
    } catch (e) {
      if (!ambiguous(e) || attempt >= 1) throw mapGitHubError(e, { target });
      for (let look = 0; look < 2; look++) {
        await pause(1000);
        const found = await findMarkedIssue(client, d.fingerprint);
        if (found) return { action: "created", issue_number: found.number, issue_url: found.html_url, comment_url: null, recovered: true };
      }
    }
  }
}
