import "server-only";
import { AppError, isAppError } from "@/lib/errors";
import type { RepoClient } from "@/lib/github/github-access";
import type { NetworkGuard } from "@/lib/net/network-guard";
import type { GitHubAsset } from "../release-view";
import { consumeDownload, DownloadRejected } from "./consume-download";
import { assetTimeoutMs, MAX_CHECKSUM_FILE_BYTES } from "./limits";
import { openAssetDownload } from "./open-asset-download";

/**
 * Download a checksum file (it has to be read: the one download a digest-only verification makes per source) and
 * decode it as UTF-8, at most {@link MAX_CHECKSUM_FILE_BYTES} — refused before downloading when the API's size is
 * larger, and by `consumeDownload` when the storage sends more than that size (or an HTML page, or a length other than
 * the API's).
 * @returns the text. @throws AppError `VALIDATION_ERROR` (`reason: "checksum_file_too_large"`), `UPSTREAM_ERROR` when
 *   the file cannot be read, and GitHub's errors from `openRedirectedDownload`.
 */
export async function readChecksumFile(o: { client: RepoClient; net: NetworkGuard; asset: GitHubAsset }): Promise<string> {
  const { asset } = o;
  if (asset.size > MAX_CHECKSUM_FILE_BYTES) {
    throw new AppError("VALIDATION_ERROR", `The checksum file ${JSON.stringify(asset.name)} is ${asset.size} bytes, over the limit of ${MAX_CHECKSUM_FILE_BYTES} (1 MiB): that is no checksum list. Name the real one with checksum_asset.`, { reason: "checksum_file_too_large", limit: MAX_CHECKSUM_FILE_BYTES, asset: asset.name });
  }
  if (asset.state !== "uploaded") throw new AppError("UPSTREAM_ERROR", `The checksum file ${JSON.stringify(asset.name)} was never fully uploaded (state ${asset.state}); it cannot be read.`);
  const chunks: Uint8Array[] = [];
  try {
    const res = await openAssetDownload(o.client, o.net, asset);
    await consumeDownload(res, { name: asset.name, size: asset.size, contentType: asset.content_type, timeoutMs: assetTimeoutMs(asset.size) }, (c) => chunks.push(c));
  } catch (e) {
    if (isAppError(e)) throw e;
    const why = e instanceof DownloadRejected ? e.message : "the connection broke off";
    throw new AppError("UPSTREAM_ERROR", `The checksum file ${JSON.stringify(asset.name)} could not be read: ${why}.`);
  }
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}
