import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { parseReleaseConfig, type ReleaseConfig } from "./release-config";

/** GitHub reads either name; `.yml` first. */
export const RELEASE_CONFIG_PATHS = [".github/release.yml", ".github/release.yaml"] as const;
const MAX_BYTES = 64 * 1024;

/**
 * The repository's release-notes configuration at `ref` (`GET /repos/{o}/{r}/contents/{path}?ref=`, base64), parsed
 * by `parseReleaseConfig`. A missing file is no configuration; an unreadable, oversized (> 64 KiB) or invalid one is
 * reported in `problem` and ignored, as the notes can still be generated without it.
 * @returns `{ config, path }` (path of the file read, or null), and `problem` when the file was ignored.
 * @throws AppError from `mapGitHubError` for errors other than 404 (401, 403, rate limits, 5xx).
 */
export async function loadReleaseConfig(client: RepoClient, ref: string): Promise<{ config: ReleaseConfig | null; path: string | null; problem?: string }> {
  const { octokit, owner, repo } = client;
  for (const path of RELEASE_CONFIG_PATHS) {
    let data: unknown;
    try {
      data = (await octokit.rest.repos.getContent({ owner, repo, path, ref })).data;
    } catch (e) {
      if ((e as { status?: number }).status === 404) continue;
      throw mapGitHubError(e, { target: `${path} of ${owner}/${repo}` });
    }
    const file = data as { type?: string; encoding?: string; content?: string; size?: number };
    if (Array.isArray(data) || file.type !== "file") return { config: null, path, problem: `${path} is not a file` };
    if ((file.size ?? 0) > MAX_BYTES || file.encoding !== "base64") return { config: null, path, problem: `${path} is larger than 64 KiB` };
    const { config, problem } = parseReleaseConfig(Buffer.from(file.content ?? "", "base64").toString("utf8"));
    return problem ? { config: null, path, problem: `${path} was ignored: ${problem}` } : { config, path };
  }
  return { config: null, path: null };
}
