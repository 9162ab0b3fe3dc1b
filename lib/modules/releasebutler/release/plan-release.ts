import "server-only";
import mime from "mime-types";
import { canonicalHash } from "@/lib/crypto/hash";
import { AppError } from "@/lib/errors";
import { hashFile } from "./hash-file";
import { ASSET_NAME_RE, resolveReleaseAsset } from "./resolve-release-asset";
import { assetNameOf, type CreateReleaseInput } from "./release-input";

/** One planned asset: where it comes from and what GitHub will receive. */
export type PlannedAsset = { position: number; path: string; name: string; label: string | null; content_type: string; size: number; sha256: string; replace: boolean };

/** One HTTP request the run will make (bodies of uploads are described, not included). */
export type PlannedRequest = { method: string; path: string; payload: Record<string, unknown> | null };

/** What a create_release call will do. `payload_hash` = canonical SHA-256 of `requests` (RFC 8785 JSON). */
export type ReleasePlan = { assets: PlannedAsset[]; requests: PlannedRequest[]; payload_hash: string; release: Record<string, unknown> };

/**
 * Resolve every asset inside the asset root (hashing each file, streamed) and list the requests a run makes, in
 * order: find the release by tag, create it as a draft when absent (GitHub "Create a release"), one upload per asset
 * (`POST {upload_url}?name=&label=`), and the publish (`PATCH … draft: false`) unless a draft is asked for.
 * @param body the notes the release will carry (given or generated), or null.
 * @throws AppError from {@link resolveReleaseAsset} (`FORBIDDEN` outside the root, `NOT_FOUND`, `VALIDATION_ERROR`).
 */
export async function planRelease(input: CreateReleaseInput, o: { owner: string; repo: string; root: string; maxBytes: number; body: string | null }): Promise<ReleasePlan> {
  const assets: PlannedAsset[] = [];
  for (const [position, a] of input.assets.entries()) {
    const name = assetNameOf(a);
    if (!ASSET_NAME_RE.test(name)) throw new AppError("VALIDATION_ERROR", `Asset file name ${JSON.stringify(name)} would be renamed by GitHub: give a name of letters, digits and . _ + - (assets[${position}].name).`, { field: `assets.${position}.name` });
    const local = await resolveReleaseAsset(o.root, a.path, o.maxBytes);
    const { sha256 } = await hashFile(local.absPath);
    const content_type = a.content_type ?? (mime.lookup(name) || "application/octet-stream");
    assets.push({ position, path: a.path, name, label: a.label ?? null, content_type, size: local.size, sha256, replace: a.replace });
  }
  const release = {
    tag_name: input.tag_name,
    ...(input.target_commitish ? { target_commitish: input.target_commitish } : {}),
    name: input.name ?? input.tag_name,
    body: o.body,
    draft: true,
    prerelease: input.prerelease,
    ...(input.make_latest ? { make_latest: input.make_latest } : {}),
  };
  const base = `/repos/${o.owner}/${o.repo}`;
  const requests: PlannedRequest[] = [
    { method: "GET", path: `${base}/releases`, payload: { find_tag: input.tag_name } },
    { method: "POST", path: `${base}/releases`, payload: release },
    ...assets.map((a) => ({ method: "POST", path: `{upload_url}?name=${encodeURIComponent(a.name)}${a.label ? `&label=${encodeURIComponent(a.label)}` : ""}`, payload: { content_type: a.content_type, size: a.size, sha256: a.sha256, replace: a.replace } })),
    ...(input.draft ? [] : [{ method: "PATCH", path: `${base}/releases/{release_id}`, payload: { draft: false } }]),
  ];
  return { assets, requests, payload_hash: canonicalHash(requests), release };
}
