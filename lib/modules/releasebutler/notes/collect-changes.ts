import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { AppError } from "@/lib/errors";
import type { ChangeItem } from "./change-item";
import { findPreviousRelease } from "./find-previous-release";
import { listRangeCommits, MAX_RANGE_COMMITS } from "./list-range-commits";
import { listWindowPulls } from "./list-window-pulls";
import { mapCommitsToPulls, MAX_PULL_LOOKUPS } from "./map-commits-to-pulls";

export type CollectedChanges = {
  kind: "tags" | "fallback_window";
  from: string | null;
  to: string;
  compareUrl: string;
  totalCommits: number | null;
  truncated: boolean;
  /** Merged PRs and direct commits, oldest first. */
  items: ChangeItem[];
  notes: string[];
};

const pathOf = (ref: string) => ref.split("/").map(encodeURIComponent).join("/");

/** The commit date of `ref` (ISO 8601). @throws AppError `NOT_FOUND` naming `to_tag` when GitHub does not know it. */
async function commitDate(client: RepoClient, ref: string): Promise<string> {
  const { octokit, owner, repo } = client;
  try {
    const { data } = await octokit.rest.repos.getCommit({ owner, repo, ref, per_page: 1 });
    return data.commit.committer?.date ?? data.commit.author?.date ?? new Date().toISOString();
  } catch (e) {
    const status = (e as { status?: number }).status;
    if (status === 404 || status === 422) throw new AppError("NOT_FOUND", `to_tag "${ref}" was not found in ${owner}/${repo} (no tag, branch or commit by that name).`, { field: "to_tag" });
    throw mapGitHubError(e, { target: `${ref} in ${owner}/${repo}` });
  }
}

/**
 * The changes a release covers. `to` defaults to the default branch (`GET /repos/{o}/{r}`); `from` to the previous
 * published release (`findPreviousRelease`). With both, the commits between them (`listRangeCommits`) mapped to
 * their pull requests (`mapCommitsToPulls`); without a previous release, the fallback window (`listWindowPulls`) of
 * the last `window` PRs merged into the default branch (before `to`'s commit date when `to` was given).
 * @throws AppError `NOT_FOUND` for an unknown repository or tag; GitHub errors through `mapGitHubError`.
 */
export async function collectChanges(client: RepoClient, o: { fromTag?: string; toTag?: string; window: number }): Promise<CollectedChanges> {
  const { octokit, owner, repo } = client;
  let meta: { default_branch: string; html_url: string };
  try {
    meta = (await octokit.rest.repos.get({ owner, repo })).data;
  } catch (e) {
    throw mapGitHubError(e, { target: `${owner}/${repo}` });
  }
  const to = o.toTag ?? meta.default_branch;
  const from = o.fromTag ?? (await findPreviousRelease(client, { to, explicitTo: Boolean(o.toTag) }));
  const byTime = (a: ChangeItem, b: ChangeItem) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);
  if (!from) {
    const mergedBefore = o.toTag ? await commitDate(client, to) : undefined;
    const w = await listWindowPulls(client, { baseBranch: meta.default_branch, window: o.window, mergedBefore });
    const notes = [
      `No earlier published release${o.toTag ? ` before ${to}` : ""}: these notes cover the last ${w.pulls.length} pull request${w.pulls.length === 1 ? "" : "s"} merged into ${meta.default_branch} (fallback_window ${o.window}); direct commits are not listed.`,
    ];
    if (!w.complete) notes.push("The fallback window read the 1,000 most recently updated closed pull requests; older merges may be missing.");
    return { kind: "fallback_window", from: null, to, compareUrl: `${meta.html_url}/commits/${pathOf(to)}`, totalCommits: null, truncated: false, items: w.pulls.sort(byTime), notes };
  }
  const range = await listRangeCommits(client, { from, to });
  const mapped = await mapCommitsToPulls(client, { commits: range.commits, baseBranch: meta.default_branch });
  const notes: string[] = [];
  if (range.truncated) notes.push(`The range has ${range.total} commits; only the first ${MAX_RANGE_COMMITS.toLocaleString("en-US")} were read.`);
  if (mapped.unchecked) notes.push(`${mapped.unchecked} older commits were not matched to pull requests (at most ${MAX_PULL_LOOKUPS} lookups) and are left out.`);
  if (mapped.skippedMerges) notes.push(`${mapped.skippedMerges} merge commit${mapped.skippedMerges === 1 ? "" : "s"} without a pull request left out (the commits they merged are listed).`);
  return {
    kind: "tags",
    from,
    to,
    compareUrl: range.htmlUrl || `${meta.html_url}/compare/${pathOf(from)}...${pathOf(to)}`,
    totalCommits: range.total,
    truncated: range.truncated || mapped.unchecked > 0,
    items: [...mapped.pulls, ...mapped.direct].sort(byTime),
    notes,
  };
}
