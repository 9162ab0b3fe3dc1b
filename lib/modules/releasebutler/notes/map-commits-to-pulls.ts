import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { type ChangeItem, type CommitLike, commitToChange, type PullLike, pullToChange } from "./change-item";
import { mapBounded } from "./map-bounded";

/** Most `GET /commits/{sha}/pulls` lookups of one call, and how many run at once. */
export const MAX_PULL_LOOKUPS = 1500;
const CONCURRENCY = 4;

export type CommitPulls = {
  /** Each merged PR once, with the messages of its commits in the range. */
  pulls: ChangeItem[];
  /** Commits no PR introduced, merge commits excluded (their content is listed commit by commit). */
  direct: ChangeItem[];
  /** Commits not looked up (beyond {@link MAX_PULL_LOOKUPS}); left out of the notes. */
  unchecked: number;
  /** Merge commits without a PR (local merges), left out. */
  skippedMerges: number;
};

/** Of the PRs GitHub associates with a commit, the one that brought it into the range, or undefined. */
function pick(pulls: PullLike[], inRange: Set<string>, baseBranch: string): PullLike | undefined {
  const merged = pulls.filter((p) => p.merged_at);
  return (
    merged.find((p) => p.merge_commit_sha && inRange.has(p.merge_commit_sha)) ??
    merged.filter((p) => p.base?.ref === baseBranch).sort((a, b) => (a.merged_at! < b.merged_at! ? -1 : 1))[0]
  );
}

/**
 * Map the range's commits to the merged pull requests that introduced them (`GET /repos/{o}/{r}/commits/{sha}/pulls`,
 * at most 4 at a time): a PR counts when it is merged and its merge commit is in the range — true of all three merge
 * methods: squash (the squash commit), merge (the merge commit; the PR's own commits map to it too) and rebase (the
 * last rebased commit; GitHub maps every rebased commit to the PR) — or, failing that, when its base is `baseBranch`.
 * Each PR appears once however many of its commits are in the range.
 * @throws AppError from `mapGitHubError`.
 */
export async function mapCommitsToPulls(client: RepoClient, o: { commits: CommitLike[]; baseBranch: string }): Promise<CommitPulls> {
  const { octokit, owner, repo } = client;
  const inRange = new Set(o.commits.map((c) => c.sha));
  const checked = o.commits.slice(-MAX_PULL_LOOKUPS);
  const found = await mapBounded(checked, CONCURRENCY, async (c) => {
    try {
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: c.sha, per_page: 100 });
      return pick(data as PullLike[], inRange, o.baseBranch);
    } catch (e) {
      throw mapGitHubError(e, { target: `the pull requests of commit ${c.sha.slice(0, 7)} in ${owner}/${repo}` });
    }
  });
  const byNumber = new Map<number, { pull: PullLike; messages: string[] }>();
  const direct: ChangeItem[] = [];
  let skippedMerges = 0;
  checked.forEach((c, i) => {
    const pull = found[i];
    if (pull) {
      const hit = byNumber.get(pull.number) ?? { pull, messages: [] };
      if (hit.messages.length < 250) hit.messages.push((c.commit.message ?? "").slice(0, 20_000));
      byNumber.set(pull.number, hit);
    } else if ((c.parents?.length ?? 1) > 1) skippedMerges++;
    else direct.push(commitToChange(c));
  });
  const pulls = [...byNumber.values()].map(({ pull, messages }) => pullToChange(pull, messages));
  return { pulls, direct, unchecked: o.commits.length - checked.length, skippedMerges };
}
