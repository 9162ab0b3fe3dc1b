import "server-only";
import type { Response } from "undici";
import type { RepoClient } from "@/lib/github/github-access";
import { openRedirectedDownload } from "@/lib/github/open-download";
import type { NetworkGuard } from "@/lib/net/network-guard";

/**
 * Open the download of one release asset: `GET /repos/{o}/{r}/releases/assets/{asset_id}` with
 * `accept: application/octet-stream` answers 302 to GitHub's storage, which is fetched without the token and through
 * `net` (URL policy at the socket) by `openRedirectedDownload`.
 * @returns the storage's response, body unread. @throws AppError as `openRedirectedDownload`.
 */
export function openAssetDownload(client: RepoClient, net: NetworkGuard, asset: { id: number; name: string }): Promise<Response> {
  return openRedirectedDownload(client, net, {
    route: "GET /repos/{owner}/{repo}/releases/assets/{asset_id}",
    params: { asset_id: asset.id, headers: { accept: "application/octet-stream" } },
    target: `release asset ${JSON.stringify(asset.name)} of ${client.owner}/${client.repo}`,
  });
}
