import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import type { ChangeItem } from "./change-item";
import { mapBounded } from "./map-bounded";

/** Most changes whose files are read, and most files read per change (3 pages of 100). */
export const MAX_FILE_LOOKUPS = 300;
const MAX_FILES = 300;

/**
 * The paths each change touched, for the `paths` grouping: `GET /repos/{o}/{r}/pulls/{n}/files` for a PR (paged, up
 * to 300 files — enough to know its scopes), `GET /repos/{o}/{r}/commits/{sha}` for a direct commit; four at a time,
 * for at most {@link MAX_FILE_LOOKUPS} changes. A failed read leaves that change out of the map (it is grouped as
 * "files not read") and the first failure is returned as `problem`.
 */
export async function listChangeFiles(client: RepoClient, items: ChangeItem[]): Promise<{ files: Map<ChangeItem, string[]>; unread: number; problem?: string }> {
  const { octokit, owner, repo } = client;
  const files = new Map<ChangeItem, string[]>();
  let problem: string | undefined;
  const read = items.slice(0, MAX_FILE_LOOKUPS);
  await mapBounded(read, 4, async (item) => {
    try {
      const paths: string[] = [];
      if (item.number !== null) {
        for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, { owner, repo, pull_number: item.number, per_page: 100 })) {
          paths.push(...page.data.map((f) => f.filename));
          if (paths.length >= MAX_FILES) break;
        }
      } else if (item.sha) {
        const { data } = await octokit.rest.repos.getCommit({ owner, repo, ref: item.sha, per_page: 100 });
        paths.push(...(data.files ?? []).map((f) => f.filename));
      }
      files.set(item, paths.slice(0, MAX_FILES));
    } catch (e) {
      problem ??= mapGitHubError(e, { target: `the changed files of ${item.number !== null ? `#${item.number}` : item.sha} in ${owner}/${repo}` }).message;
    }
  });
  return { files, unread: items.length - files.size, ...(problem ? { problem } : {}) };
}
