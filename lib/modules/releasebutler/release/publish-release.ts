import "server-only";
import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import type { GitHubRelease } from "../release-view";

/**
 * Publish a draft release (`PATCH /repos/{o}/{r}/releases/{id}` with `draft: false`; GitHub then creates the tag at
 * `target_commitish` if it does not exist). Publishing a published release changes nothing, so a replay is harmless.
 * @returns the release's `html_url` (it changes from the draft's `untagged-…` URL). @throws AppError mapped from GitHub.
 */
export async function publishRelease(client: RepoClient, releaseId: number, o: { makeLatest?: string } = {}): Promise<{ html_url: string; published_at: string | null }> {
  try {
    const res = await client.octokit.rest.repos.updateRelease({
      owner: client.owner, repo: client.repo, release_id: releaseId, draft: false,
      ...(o.makeLatest ? { make_latest: o.makeLatest as "true" | "false" | "legacy" } : {}),
    });
    const r = res.data as unknown as GitHubRelease;
    return { html_url: r.html_url, published_at: r.published_at ?? null };
  } catch (e) {
    throw mapGitHubError(e, { target: `the publication of release ${releaseId} of ${client.owner}/${client.repo}` });
  }
}
