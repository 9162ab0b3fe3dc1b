import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { type ChangeItem, type PullLike, pullToChange } from "./change-item";

/** Most pages of closed PRs read for the fallback window (100 each). */
const MAX_PAGES = 10;

type ListedPull = PullLike & { updated_at: string };

/**
 * The fallback window: the last `window` pull requests merged into `baseBranch`, newest `merged_at` first
 * (`GET /repos/{o}/{r}/pulls?state=closed&base=…&sort=updated&direction=desc`, paged, unmerged ones dropped),
 * optionally only those merged at or before `mergedBefore` (ISO 8601; the date of an explicit `to_tag`).
 * GitHub cannot sort by merge time, but `updated_at ≥ merged_at` always, so reading stops once a page's oldest
 * `updated_at` is older than the window's oldest `merged_at`: no later PR can belong. At most 1,000 PRs are read.
 * @returns the PRs, and `complete: false` when the page cap stopped the scan before that proof.
 * @throws AppError from `mapGitHubError`.
 */
export async function listWindowPulls(client: RepoClient, o: { baseBranch: string; window: number; mergedBefore?: string }): Promise<{ pulls: ChangeItem[]; complete: boolean }> {
  const { octokit, owner, repo } = client;
  const merged: ListedPull[] = [];
  let complete = false;
  try {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { data } = await octokit.rest.pulls.list({ owner, repo, state: "closed", base: o.baseBranch, sort: "updated", direction: "desc", per_page: 100, page });
      const rows = data as ListedPull[];
      merged.push(...rows.filter((p) => p.merged_at && (!o.mergedBefore || p.merged_at <= o.mergedBefore)));
      merged.sort((a, b) => (a.merged_at! < b.merged_at! ? 1 : -1));
      const oldestUpdated = rows.at(-1)?.updated_at;
      if (rows.length < 100 || (merged.length >= o.window && oldestUpdated && oldestUpdated < merged[o.window - 1]!.merged_at!)) {
        complete = true;
        break;
      }
    }
  } catch (e) {
    throw mapGitHubError(e, { target: `the pull requests of ${owner}/${repo}` });
  }
  return { pulls: merged.slice(0, o.window).map((p) => pullToChange(p)), complete };
}
