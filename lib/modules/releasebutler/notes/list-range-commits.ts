import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { AppError } from "@/lib/errors";
import type { CommitLike } from "./change-item";

/** Most commits read from one comparison (100 pages of 100). */
export const MAX_RANGE_COMMITS = 10_000;
const PER_PAGE = 100;

export type RangeCommits = { commits: CommitLike[]; total: number; truncated: boolean; htmlUrl: string };

/** Which of the refs GitHub does not know (`GET /commits/{ref}` answers 404, or 422 "No commit found"). */
async function missingRefs(client: RepoClient, refs: { field: string; ref: string }[]) {
  const { octokit, owner, repo } = client;
  const missing: { field: string; ref: string }[] = [];
  for (const r of refs) {
    try {
      await octokit.rest.repos.getCommit({ owner, repo, ref: r.ref, per_page: 1 });
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 404 || status === 422) missing.push(r);
      else throw mapGitHubError(e, { target: `${r.ref} in ${owner}/${repo}` });
    }
  }
  return missing;
}

/**
 * The commits reachable from `to` and not from `from` (`GET /repos/{o}/{r}/compare/{from}...{to}`, GitHub's
 * `git log from...to` with the merge base; chronological), paged 100 at a time up to {@link MAX_RANGE_COMMITS}
 * (`truncated` beyond). Refs go into the `basehead` path parameter, which Octokit percent-encodes (`release/1.0` →
 * `release%2F1.0`); git refs cannot contain `..`, so `...` separates them unambiguously.
 * @throws AppError `NOT_FOUND` naming the tag GitHub does not know (`details.field`: `from_tag`/`to_tag`); other
 *   GitHub errors through `mapGitHubError`.
 */
export async function listRangeCommits(client: RepoClient, o: { from: string; to: string }): Promise<RangeCommits> {
  const { octokit, owner, repo } = client;
  const commits: CommitLike[] = [];
  let total = 0;
  let htmlUrl = "";
  try {
    for (let page = 1; commits.length < MAX_RANGE_COMMITS; page++) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${o.from}...${o.to}`, per_page: PER_PAGE, page });
      total = data.total_commits;
      htmlUrl ||= data.html_url;
      commits.push(...(data.commits as CommitLike[]));
      if (data.commits.length < PER_PAGE || commits.length >= total) break;
    }
  } catch (e) {
    if ((e as { status?: number }).status === 404) {
      const missing = await missingRefs(client, [
        { field: "from_tag", ref: o.from },
        { field: "to_tag", ref: o.to },
      ]);
      if (missing.length) {
        const names = missing.map((m) => `${m.field} "${m.ref}"`).join(" and ");
        throw new AppError("NOT_FOUND", `${names} ${missing.length > 1 ? "were" : "was"} not found in ${owner}/${repo} (no tag, branch or commit by that name).`, { field: missing[0]!.field });
      }
    }
    throw mapGitHubError(e, { target: `the comparison ${o.from}...${o.to} of ${owner}/${repo}` });
  }
  const kept = commits.slice(0, MAX_RANGE_COMMITS);
  return { commits: kept, total: Math.max(total, kept.length), truncated: total > kept.length, htmlUrl };
}
