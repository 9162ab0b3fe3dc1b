import { createHash } from "node:crypto";
import fs from "node:fs";
import { repoKey, resolveRef, tagsOf } from "./git-graph";
import { iso } from "./http";
import type { BlobSource, FakeAssetInput, FakeRelease, FakeReleaseAsset, FakeRepo, FakeState } from "./state";

let latestCounter = 0;

/** The repository's releases, newest first (`created_at`, then id). */
export function releasesOf(state: FakeState, repo: FakeRepo): FakeRelease[] {
  const key = repoKey(repo);
  return state.releases.filter((r) => r.repo === key).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

/**
 * GitHub's "latest release": a published full release (no draft, no prerelease) — the last one marked latest
 * (`make_latest: "true"`, the default on publishing), else the most recently created; `make_latest: "false"` ones only
 * when nothing else qualifies.
 */
export function latestRelease(state: FakeState, repo: FakeRepo): FakeRelease | undefined {
  const full = releasesOf(state, repo).filter((r) => !r.draft && !r.prerelease);
  const preferred = full.filter((r) => r.makeLatest !== "false");
  const pool = preferred.length ? preferred : full;
  return pool.sort((a, b) => b.latestSeq - a.latestSeq || b.createdAt.localeCompare(a.createdAt) || b.id - a.id)[0];
}

/** Whether another release of the repository (draft or not) already has `tag`. */
export const tagTaken = (state: FakeState, repo: FakeRepo, tag: string, exceptId?: number) => releasesOf(state, repo).some((r) => r.tagName === tag && r.id !== exceptId);

/** Create `refs/tags/<tag>` at `target` (branch, tag or sha) unless it exists. @returns false when `target` does not resolve. */
export function ensureTag(state: FakeState, repo: FakeRepo, tag: string, target: string): boolean {
  const tags = tagsOf(state, repo);
  if (tags.has(tag)) return true;
  const sha = resolveRef(state, repo, target);
  if (!sha) return false;
  tags.set(tag, sha);
  return true;
}

/** Record `make_latest` for a published release: `"true"` makes it the latest now. */
export function markLatest(r: FakeRelease, makeLatest: FakeRelease["makeLatest"]): void {
  r.makeLatest = makeLatest;
  r.latestSeq = makeLatest === "true" && !r.draft && !r.prerelease ? ++latestCounter : 0;
}

/**
 * Publish a draft (or create a published release): `published_at` now, the tag created at `target_commitish` if
 * missing. @returns false (nothing changed) when the tag is missing and `target_commitish` does not resolve.
 */
export function publish(state: FakeState, repo: FakeRepo, r: FakeRelease, makeLatest: FakeRelease["makeLatest"], nowMs = Date.now()): boolean {
  if (!ensureTag(state, repo, r.tagName, r.targetCommitish)) return false;
  r.draft = false;
  r.publishedAt = iso(nowMs);
  markLatest(r, makeLatest);
  return true;
}

/**
 * GitHub's renaming of uploaded asset names (approximated): characters other than letters, digits and `._-+~@`
 * become `.`, a leading `.` gets a `default` prefix, trailing dots go.
 */
export function assetName(raw: string): string {
  const s = raw.replace(/[^A-Za-z0-9._\-+~@]/g, ".").replace(/\.+$/, "");
  return s.startsWith(".") ? `default${s}` : s || "default";
}

/** Whether the release has an asset (uploaded or starter) named `name`, other than `exceptId`. */
export const assetTaken = (r: FakeRelease, name: string, exceptId?: number) => r.assets.some((a) => a.name === name && a.id !== exceptId);

/** `sha256:<hex>` of a file, read streaming. */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    fs.createReadStream(path)
      .on("data", (c) => h.update(c))
      .on("end", () => resolve(`sha256:${h.digest("hex")}`))
      .on("error", reject);
  });
}

/**
 * A new uploaded asset from `input` (not yet attached). A `file` is only stat'ed here; with `digest: "auto"` its hash
 * is computed streaming and `hashing` resolves once `digest` is set.
 */
export function newAsset(state: FakeState, r: FakeRelease, input: FakeAssetInput, uploader: string): { asset: FakeReleaseAsset; hashing?: Promise<void> } {
  if ((input.content === undefined) === (input.file === undefined)) throw new Error(`asset ${input.name}: give exactly one of content and file`);
  if (assetTaken(r, input.name)) throw new Error(`asset ${input.name} already exists on release ${r.id}`);
  let source: BlobSource;
  let digest: string | null = null;
  const auto = input.digest === undefined || input.digest === "auto";
  if (input.file !== undefined) {
    source = { kind: "file", path: input.file, size: fs.statSync(input.file).size };
  } else {
    const data = typeof input.content === "string" ? Buffer.from(input.content, "utf8") : input.content!;
    source = { kind: "buffer", data };
    if (auto) digest = `sha256:${createHash("sha256").update(data).digest("hex")}`;
  }
  if (!auto) digest = input.digest as string | null;
  const now = iso(Date.now());
  const size = source.kind === "buffer" ? source.data.byteLength : source.size;
  const asset: FakeReleaseAsset = {
    id: state.nextId(),
    releaseId: r.id,
    name: input.name,
    label: input.label ?? null,
    size,
    contentType: input.contentType ?? "application/octet-stream",
    state: "uploaded",
    digest,
    downloadCount: 0,
    source,
    uploader,
    createdAt: now,
    updatedAt: now,
    serve: input.serve,
  };
  const hashing = input.file !== undefined && auto ? hashFile(input.file).then((d) => void (asset.digest = d)) : undefined;
  return { asset, hashing };
}
