import "server-only";
import { AppError } from "@/lib/errors";
import type { RepoClient } from "@/lib/github/github-access";
import type { NetworkGuard } from "@/lib/net/network-guard";
import { cleanGitHubText, type GitHubAsset } from "../release-view";
import type { ChecksumEntry } from "./checksum-types";
import { classifyAssetName, type AssetRole } from "./classify-asset-name";
import { describeChecksumSource } from "./describe-checksum-source";
import { DOWNLOAD_CONCURRENCY } from "./limits";
import { mapInPool } from "./map-in-pool";
import { parseChecksumFile } from "./parse-checksum-file";
import { readChecksumFile } from "./read-checksum-file";
import type { ChecksumSourceView } from "./schemas";

/** A checksum file read: its entries (untrusted names), and how it is reported. */
export type LoadedSource = { name: string; entries: ChecksumEntry[]; view: ChecksumSourceView };

export type LoadedSources = {
  sources: LoadedSource[];
  /** Every asset's role by asset id (an explicit `checksumAsset` is a checksum source whatever its name). */
  roles: Map<number, AssetRole>;
  /** Checksum-looking assets not read because `checksumAsset` named another. */
  unselected: string[];
};

/**
 * Find and read a release's checksum sources: the asset named `checksumAsset` when given (whatever its name), else
 * every asset `classifyAssetName` calls a checksum file (all are combined by the matcher). Each is downloaded (at most
 * {@link DOWNLOAD_CONCURRENCY} at once) and parsed; entries naming the checksum file itself are dropped.
 * @throws AppError `NOT_FOUND` when `checksumAsset` is not an asset of the release (the message lists the candidates);
 *   the errors of `readChecksumFile` (`VALIDATION_ERROR` for a file over 1 MiB, `UPSTREAM_ERROR`, GitHub's).
 */
export async function loadChecksumSources(o: { client: RepoClient; net: NetworkGuard; assets: GitHubAsset[]; checksumAsset?: string }): Promise<LoadedSources> {
  const roles = new Map(o.assets.map((a) => [a.id, classifyAssetName(a.name)] as const));
  const candidates = o.assets.filter((a) => roles.get(a.id)!.role === "checksum");
  let selected = candidates;
  if (o.checksumAsset !== undefined) {
    const chosen = o.assets.find((a) => a.name === o.checksumAsset);
    if (!chosen) {
      const names = candidates.map((a) => JSON.stringify(cleanGitHubText(a.name, 255))).slice(0, 10);
      throw new AppError("NOT_FOUND", `The release has no asset named ${JSON.stringify(o.checksumAsset)}${names.length ? `; checksum files it has: ${names.join(", ")}` : "; it has no file that looks like a checksum list"}.`);
    }
    const role = roles.get(chosen.id)!;
    if (role.role !== "checksum") roles.set(chosen.id, { role: "checksum", layout: "sums", algorithm: null, subject: null });
    selected = [chosen];
  }
  const sources = await mapInPool(selected, DOWNLOAD_CONCURRENCY, async (asset): Promise<LoadedSource> => {
    const role = roles.get(asset.id) as Extract<AssetRole, { role: "checksum" }>;
    const parsed = parseChecksumFile(await readChecksumFile({ client: o.client, net: o.net, asset }), { defaultName: role.layout === "single" ? (role.subject ?? undefined) : undefined });
    const entries = parsed.entries.filter((e) => e.basename !== asset.name);
    const name = cleanGitHubText(asset.name, 255) ?? "";
    return { name, entries, view: describeChecksumSource(name, { ...parsed, entries }, parsed.entries.length - entries.length) };
  });
  return { sources, roles, unselected: o.checksumAsset === undefined ? [] : candidates.filter((a) => a.name !== o.checksumAsset).map((a) => a.name) };
}
