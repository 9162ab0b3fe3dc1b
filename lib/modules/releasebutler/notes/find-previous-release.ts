import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { parseSemverTag } from "./next-version";

type Release = { tag_name: string; draft: boolean; prerelease: boolean; published_at?: string | null; created_at: string };

const MAX_RELEASES = 300;

const version = (tag: string) => {
  const v = parseSemverTag(tag);
  return v ? [v.major, v.minor, v.patch, v.pre ? 0 : 1] : null;
};
const older = (a: number[], b: number[]) => {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};
const when = (r: Release) => r.published_at ?? r.created_at;

/**
 * The tag of the release before `to`: the latest published release (not a draft, not a pre-release). Without an
 * explicit `to` that is `GET /releases/latest` (GitHub's "latest"). With one, the releases are listed (newest 300):
 * when `to` is SemVer, the highest SemVer release tag below it; otherwise the newest release published before the
 * release of `to` (or the newest release, when `to` has none). Never `to` itself.
 * @returns the tag, or null when the repository has no such release (→ the fallback window).
 * @throws AppError from `mapGitHubError` (404 of `/releases/latest` means "no release" and returns null).
 */
export async function findPreviousRelease(client: RepoClient, o: { to: string; explicitTo: boolean }): Promise<string | null> {
  const { octokit, owner, repo } = client;
  const target = `the releases of ${owner}/${repo}`;
  try {
    if (!o.explicitTo) {
      const latest = (await octokit.rest.repos.getLatestRelease({ owner, repo })).data;
      return latest.tag_name !== o.to ? latest.tag_name : null;
    }
    const releases: Release[] = [];
    for await (const page of octokit.paginate.iterator(octokit.rest.repos.listReleases, { owner, repo, per_page: 100 })) {
      releases.push(...(page.data as Release[]));
      if (releases.length >= MAX_RELEASES) break;
    }
    const published = releases.filter((r) => !r.draft && !r.prerelease && r.tag_name !== o.to);
    const toVersion = version(o.to);
    if (toVersion) {
      const below = published.map((r) => ({ r, v: version(r.tag_name) })).filter((x) => x.v && older(x.v, toVersion));
      below.sort((a, b) => (older(a.v!, b.v!) ? 1 : -1));
      if (below.length) return below[0]!.r.tag_name;
    }
    const own = releases.find((r) => r.tag_name === o.to);
    const before = published.filter((r) => !own || when(r) < when(own)).sort((a, b) => (when(a) < when(b) ? 1 : -1));
    return before[0]?.tag_name ?? null;
  } catch (e) {
    if ((e as { status?: number }).status === 404 && !o.explicitTo) return null;
    throw mapGitHubError(e, { target });
  }
}
