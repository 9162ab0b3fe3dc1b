import "server-only";
import { AppError } from "@/lib/errors";
import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import type { GitHubRelease } from "./release-view";

/** Releases scanned for a draft by tag (GitHub has no lookup of drafts by tag): 10 pages of 100. */
const MAX_SCANNED = 1000;

/**
 * Scan the repository's releases (newest first, drafts included when the credentials have push access) for the one
 * whose `tag_name` is `tag`. @returns the release, or null. @throws AppError mapped from GitHub.
 */
export async function scanReleasesForTag(client: RepoClient, tag: string): Promise<GitHubRelease | null> {
  const { octokit, owner, repo } = client;
  let seen = 0;
  try {
    for await (const page of octokit.paginate.iterator(octokit.rest.repos.listReleases, { owner, repo, per_page: 100 })) {
      const hit = (page.data as unknown as GitHubRelease[]).find((r) => r.tag_name === tag);
      if (hit) return hit;
      seen += page.data.length;
      if (seen >= MAX_SCANNED) break;
    }
  } catch (e) {
    throw mapGitHubError(e, { target: `the releases of ${owner}/${repo}` });
  }
  return null;
}

/**
 * One release of `owner/repo`: by `tag` (`GET /repos/{o}/{r}/releases/tags/{tag}`, which sees published releases only,
 * then the release list for a draft with that tag, visible to credentials with push access), or the latest
 * (`GET /releases/latest`: the most recent published, non-prerelease, non-draft release).
 * @throws AppError `NOT_FOUND` naming the tag (or "no published release"); others mapped from GitHub.
 */
export async function findRelease(client: RepoClient, o: { tag: string } | { latest: true }): Promise<GitHubRelease> {
  const { octokit, owner, repo } = client;
  const full = `${owner}/${repo}`;
  if ("latest" in o) {
    try {
      return (await octokit.rest.repos.getLatestRelease({ owner, repo })).data as unknown as GitHubRelease;
    } catch (e) {
      const mapped = mapGitHubError(e, { target: `the latest release of ${full}` });
      if (mapped.code === "NOT_FOUND") throw new AppError("NOT_FOUND", `${full} has no published release (or the credentials cannot see the repository). Drafts and prereleases are never "latest": ask by tag.`);
      throw mapped;
    }
  }
  try {
    return (await octokit.rest.repos.getReleaseByTag({ owner, repo, tag: o.tag })).data as unknown as GitHubRelease;
  } catch (e) {
    const mapped = mapGitHubError(e, { target: `release ${o.tag} of ${full}` });
    if (mapped.code !== "NOT_FOUND") throw mapped;
  }
  const draft = await scanReleasesForTag(client, o.tag);
  if (draft) return draft;
  throw new AppError("NOT_FOUND", `${full} has no release tagged ${JSON.stringify(o.tag)} that these credentials can see (drafts are visible only with push access: contents:write).`);
}
