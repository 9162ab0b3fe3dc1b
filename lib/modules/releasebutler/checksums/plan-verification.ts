import "server-only";
import type { GitHubAccess } from "@/lib/github/github-access";
import { findRelease } from "../find-release";
import { listReleaseAssets } from "../list-release-assets";
import { cleanGitHubText } from "../release-view";
import { loadChecksumSources } from "./load-checksum-sources";
import { matchChecksums } from "./match-checksums";
import type { VerificationPlan } from "./plan-types";

const LOOKED_FOR = "SHA256SUMS, SHA512SUMS, *checksums*.txt, <asset>.sha256, <asset>.sha512";

/** Input of a verification, as the tool takes it and its job's event carries it. */
export type VerificationRequest = { repo: string; tag: string; checksumAsset?: string; verifyDigests?: boolean };

/**
 * Read a release and its checksum files and decide every asset that needs no download (digest-first): the release by
 * tag (`findRelease`), all its assets, the checksum sources (`loadChecksumSources`), then `matchChecksums`. Without
 * any checksum source the plan still answers — every asset `missing_checksum`, with a `note`.
 * @returns a JSON-safe plan. @throws AppError `NOT_FOUND` (tag, `checksumAsset`), `VALIDATION_ERROR` (checksum file over
 *   1 MiB), `UPSTREAM_ERROR` (a checksum file unreadable), GitHub's errors.
 */
export async function planVerification(github: GitHubAccess, req: VerificationRequest): Promise<VerificationPlan> {
  const client = await github.forRepo(req.repo);
  const release = await findRelease(client, { tag: req.tag });
  const assets = await listReleaseAssets(client, release.id);
  const loaded = await loadChecksumSources({ client, net: github.net, assets, checksumAsset: req.checksumAsset });
  const matched = matchChecksums({ assets, roles: loaded.roles, sources: loaded.sources, unselected: loaded.unselected, verifyDigests: req.verifyDigests ?? false });
  const usable = loaded.sources.some((s) => s.view.entries > 0);
  const note = !assets.length
    ? "The release has no assets."
    : !loaded.sources.length
      ? `No checksum file found among the ${assets.length} asset(s) (looked for ${LOOKED_FOR}; signatures are not checksums): every asset is missing_checksum. If the release names its checksum list differently, pass checksum_asset.`
      : !usable
        ? "The checksum file(s) hold no SHA-256 or SHA-512 entry this tool understands (see checksum_sources)."
        : null;
  return {
    repo: `${client.owner}/${client.repo}`, tag_name: cleanGitHubText(release.tag_name, 255) ?? "", release_id: release.id,
    checksum_sources: loaded.sources.map((s) => s.view), note, ...matched,
  };
}
