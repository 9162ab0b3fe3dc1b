import "server-only";
import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import type { GitHubAsset } from "./release-view";

/** GitHub allows 1000 assets per release. */
export const MAX_ASSETS = 1000;

/**
 * Every asset of a release, in GitHub's order (`GET /repos/{o}/{r}/releases/{id}/assets`, paginated by 100), at most
 * {@link MAX_ASSETS}. Includes `starter` assets (uploads that never finished). @throws AppError mapped from GitHub.
 */
export async function listReleaseAssets(client: RepoClient, releaseId: number): Promise<GitHubAsset[]> {
  const { octokit, owner, repo } = client;
  const out: GitHubAsset[] = [];
  try {
    for await (const page of octokit.paginate.iterator(octokit.rest.repos.listReleaseAssets, { owner, repo, release_id: releaseId, per_page: 100 })) {
      out.push(...(page.data as unknown as GitHubAsset[]));
      if (out.length >= MAX_ASSETS) break;
    }
  } catch (e) {
    throw mapGitHubError(e, { target: `the assets of release ${releaseId} of ${owner}/${repo}` });
  }
  return out.slice(0, MAX_ASSETS);
}
