import "server-only";
import fs from "node:fs";
import type { GitHubAccess, RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { listReleaseAssets } from "../list-release-assets";
import { sha256OfDigest, type GitHubAsset } from "../release-view";
import type { AssetOutcome } from "./release-input";
import type { PlannedAsset } from "./plan-release";
import { hashAssetDownload } from "../checksums/hash-asset-download";

/** Upload attempts per asset (an interrupted upload leaves a `starter` asset, deleted before the next attempt). */
const MAX_ATTEMPTS = 3;
/** Longest one upload may take, ms (2 GiB at ~4 MB/s). */
const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/** `upload_url` is an RFC 6570 template (`…/assets{?name,label}`): expand it for one asset. */
export function expandUploadUrl(template: string, name: string, label: string | null): string {
  const url = new URL(template.replace(/\{[^}]*\}$/, ""));
  url.searchParams.set("name", name);
  if (label) url.searchParams.set("label", label);
  return url.toString();
}

const statusOf = (e: unknown) => (e as { status?: number }).status;

async function deleteAsset(client: RepoClient, assetId: number): Promise<void> {
  try {
    await client.octokit.rest.repos.deleteReleaseAsset({ owner: client.owner, repo: client.repo, asset_id: assetId });
  } catch (e) {
    if (statusOf(e) !== 404) throw mapGitHubError(e, { target: `release asset ${assetId} of ${client.owner}/${client.repo}` });
  }
}

/** Does the asset on GitHub hold exactly the local bytes? By digest when GitHub gives one, else by downloading it. */
async function sameContent(client: RepoClient, net: GitHubAccess["net"], existing: GitHubAsset, local: PlannedAsset): Promise<boolean> {
  if (existing.state !== "uploaded" || existing.size !== local.size) return false;
  const digest = sha256OfDigest(existing.digest);
  if (digest) return digest === local.sha256;
  const downloaded = await hashAssetDownload({ client, net, asset: existing, algorithms: ["sha256"] });
  return downloaded.ok && downloaded.hex.sha256 === local.sha256;
}

/** POST the file's bytes, streamed, with retries off (a consumed stream cannot be re-sent; we retry ourselves). */
async function postAsset(client: RepoClient, uploadUrl: string, absPath: string, a: PlannedAsset): Promise<GitHubAsset> {
  const res = await client.octokit.request({
    method: "POST",
    url: expandUploadUrl(uploadUrl, a.name, a.label),
    headers: { "content-type": a.content_type, "content-length": a.size },
    data: fs.createReadStream(absPath),
    request: { retries: 0, signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS) },
  });
  return res.data as unknown as GitHubAsset;
}

/**
 * Put one planned asset on a release, exactly once: skip it when an asset of that name with the same size and sha256
 * is already there (GitHub's `digest`, or the downloaded bytes when it has none); delete a `starter` asset (an
 * interrupted upload) first; replace a different one only when `replace` is set; upload streamed; after a failure
 * (dropped connection, 5xx, GitHub's 422 `already_exists` for the half-uploaded asset) look again before retrying,
 * so an upload that completed although its answer was lost is not repeated. Never throws for the asset itself: the
 * outcome says `failed` with the reason (GitHub errors are mapped to caller-safe text).
 * @param absPath the file, already resolved inside the asset root (and hashed: `a.sha256`).
 */
export async function uploadReleaseAsset(client: RepoClient, net: GitHubAccess["net"], o: { releaseId: number; uploadUrl: string; absPath: string; asset: PlannedAsset }): Promise<AssetOutcome & { attempts: number }> {
  const a = o.asset;
  const base = { name: a.name, size: a.size, sha256: a.sha256 };
  let replaced = false;
  let lastError = "";
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      const existing = (await listReleaseAssets(client, o.releaseId)).find((x) => x.name === a.name);
      if (existing) {
        if (await sameContent(client, net, existing, a)) return { ...base, outcome: replaced ? "replaced" : attempt > 1 ? "uploaded" : "skipped", error: null, asset_id: existing.id, attempts: attempt };
        if (existing.state === "uploaded" && !a.replace) {
          return { ...base, outcome: "failed", error: `An asset named ${a.name} with different content is already on the release (size ${existing.size} bytes${existing.digest ? `, ${existing.digest}` : ""}); pass replace: true to replace it.`, asset_id: existing.id, attempts: attempt };
        }
        replaced ||= existing.state === "uploaded";
        await deleteAsset(client, existing.id);
      }
      const uploaded = await postAsset(client, o.uploadUrl, o.absPath, a);
      const digest = sha256OfDigest(uploaded.digest);
      if (uploaded.size !== a.size || (digest && digest !== a.sha256)) {
        lastError = `GitHub stored ${uploaded.size} bytes${digest ? ` with sha256 ${digest}` : ""} for ${a.size} bytes with sha256 ${a.sha256} sent`;
        await deleteAsset(client, uploaded.id);
        continue;
      }
      return { ...base, outcome: replaced ? "replaced" : "uploaded", error: null, asset_id: uploaded.id, attempts: attempt };
    } catch (e) {
      const mapped = mapGitHubError(e, { target: `the upload of ${a.name} to release ${o.releaseId} of ${client.owner}/${client.repo}` });
      lastError = mapped.message;
      const status = statusOf(e);
      // 4xx other than 422 (bad credentials, no permission, release gone) will not improve on a retry.
      if (status && status >= 400 && status < 500 && status !== 422) break;
    }
  }
  return { ...base, outcome: "failed", error: lastError || "the upload failed", asset_id: null, attempts: MAX_ATTEMPTS };
}
