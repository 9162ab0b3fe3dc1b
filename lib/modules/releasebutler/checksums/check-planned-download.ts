import "server-only";
import type { RepoClient } from "@/lib/github/github-access";
import type { NetworkGuard } from "@/lib/net/network-guard";
import type { HashAlgorithm } from "./checksum-types";
import { hashAssetDownload } from "./hash-asset-download";
import type { IndexedResult, PlannedDownload } from "./plan-types";

/**
 * Download and hash one planned asset (`hashAssetDownload`) and judge it: `verified` when the hash equals the checksum
 * entry, `mismatch` otherwise — and, with a GitHub digest to double-check (`verify_digests`), also when the bytes
 * served differ from GitHub's own digest; `download_failed` with the reason when the body was refused or broke off.
 * @returns the asset's result. Never throws.
 */
export async function checkPlannedDownload(o: { client: RepoClient; net: NetworkGuard; item: PlannedDownload }): Promise<IndexedResult> {
  const { item } = o;
  const algorithms: HashAlgorithm[] = item.digest && item.algorithm !== "sha256" ? [item.algorithm, "sha256"] : [item.algorithm];
  const base = { index: item.index, asset: item.assetName, entry_name: item.entryName, algorithm: item.algorithm, expected: item.expected, source: item.source, size: item.asset.size, method: "download" as const };
  const got = await hashAssetDownload({ client: o.client, net: o.net, asset: item.asset, algorithms });
  if (!got.ok) return { ...base, status: "download_failed", actual: null, reason: got.reason };
  const actual = got.hex[item.algorithm]!;
  const digestDiffers = item.digest !== null && got.hex.sha256 !== item.digest;
  if (actual !== item.expected) {
    return { ...base, status: "mismatch", actual, reason: `the downloaded bytes differ from ${item.source}${digestDiffers ? "; they differ from GitHub's sha256 digest too" : item.digest ? " (GitHub's sha256 digest matches the bytes)" : ""}` };
  }
  if (digestDiffers) return { ...base, status: "mismatch", actual, reason: `the bytes match ${item.source}, but GitHub's sha256 digest of the asset (${item.digest}) does not` };
  return { ...base, status: "verified", actual, reason: item.digest ? "downloaded and hashed; GitHub's sha256 digest agrees" : null };
}
