import "server-only";
import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { scanReleasesForTag } from "../find-release";
import type { GitHubRelease } from "../release-view";

/** What the release step records (JSON, replayed by the step runner). */
export type ReleaseRef = { release_id: number; html_url: string; upload_url: string; draft: boolean; created: boolean; tag_name: string };

const refOf = (r: GitHubRelease, created: boolean): ReleaseRef => ({ release_id: r.id, html_url: r.html_url, upload_url: r.upload_url, draft: r.draft, created, tag_name: r.tag_name });

const alreadyExists = (e: unknown) => {
  const errors = (e as { status?: number; response?: { data?: { errors?: { code?: string; field?: string }[] } } }).response?.data?.errors;
  return (e as { status?: number }).status === 422 && Array.isArray(errors) && errors.some((x) => x?.code === "already_exists");
};

/**
 * Find the release of `release.tag_name` (drafts included: the credentials have push access) or create it as a
 * draft. Never makes a second release for a tag: a create whose answer was lost (GitHub made it, then 5xx or a
 * dropped connection) is found on the retry or by GitHub's 422 `already_exists`, and a re-run after a crash finds the
 * release the first run made.
 * @param release GitHub "Create a release" body (`draft: true`). @throws AppError mapped from GitHub.
 */
export async function findOrCreateRelease(client: RepoClient, release: Record<string, unknown> & { tag_name: string }): Promise<ReleaseRef> {
  const target = `release ${release.tag_name} of ${client.owner}/${client.repo}`;
  const found = await scanReleasesForTag(client, release.tag_name);
  if (found) return refOf(found, false);
  try {
    const res = await client.octokit.request("POST /repos/{owner}/{repo}/releases", { owner: client.owner, repo: client.repo, ...release });
    return refOf(res.data as unknown as GitHubRelease, true);
  } catch (e) {
    const lost = alreadyExists(e) || !(e as { status?: number }).status || (e as { status: number }).status >= 500;
    if (lost) {
      const again = await scanReleasesForTag(client, release.tag_name);
      // None existed before this POST: whatever carries the tag now is the one it made.
      if (again) return refOf(again, true);
    }
    throw mapGitHubError(e, { target });
  }
}
