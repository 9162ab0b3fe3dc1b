import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { githubArtifacts } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { GitHubAccess, RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { openRedirectedDownload } from "@/lib/github/open-download";
import { newId } from "@/lib/ids";
import type { ObjectStore } from "@/lib/object-store";
import { toArtifactView, type ArtifactView } from "./artifact-view";
import { DEFAULT_ARTIFACT_LIMITS, unpackZip, type ArtifactLimits, type Manifest } from "./artifact/unpack-zip";
import { downloadToFile } from "./download-to-file";
import { artifactRecord } from "./queries";

export type FetchedArtifact = {
  artifact: ArtifactView;
  record: typeof githubArtifacts.$inferSelect;
  manifest: Manifest;
  cached: boolean;
};

/** The artifact limits in force (`AUDITLENS_ARTIFACT_*`, else the defaults). */
export function artifactLimits(): ArtifactLimits {
  const env = getEnv();
  return { ...DEFAULT_ARTIFACT_LIMITS, maxArchiveBytes: env.AUDITLENS_ARTIFACT_MAX_BYTES, maxUncompressedBytes: env.AUDITLENS_ARTIFACT_MAX_UNCOMPRESSED_BYTES, maxEntries: env.AUDITLENS_ARTIFACT_MAX_ENTRIES };
}

async function resolveArtifact(client: RepoClient, o: { artifactId?: number; runId?: number; name?: string }, target: string): Promise<ArtifactView> {
  const { octokit, owner, repo } = client;
  try {
    if (o.artifactId) return toArtifactView((await octokit.rest.actions.getArtifact({ owner, repo, artifact_id: o.artifactId })).data);
    const list = (await octokit.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: o.runId!, name: o.name!, per_page: 100 })).data.artifacts;
    const newest = list.filter((a) => a.name === o.name).sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""));
    const live = newest.find((a) => !a.expired) ?? newest[0];
    if (!live) throw new AppError("NOT_FOUND", `Run ${o.runId} of ${client.owner}/${client.repo} has no artifact named ${JSON.stringify(o.name)}.`);
    return toArtifactView(live);
  } catch (e) {
    throw mapGitHubError(e, { target });
  }
}

/**
 * Fetch a GitHub Actions artifact into the object store, unpacked: resolve it (id, or run + name → the newest live
 * one), refuse an expired or oversized one before downloading, download the zip right after resolving GitHub's
 * redirect (streamed to a temporary file, hashed, compared with GitHub's `digest` when given), store the archive,
 * unpack it safely (`unpackZip`: zip-bomb, traversal and link checks; each entry its own object), store the full
 * manifest, and only then record it in `github_artifacts`. A fetched artifact is served from that record afterwards
 * (artifacts are immutable). On any failure nothing is left behind: no row, no temporary file, and no object this call
 * created.
 * @throws AppError `NOT_FOUND` (unknown or expired), `VALIDATION_ERROR` (`reason`: too_large, zip_bomb, path_traversal,
 *   absolute_path, link_entry, too_many_entries, malformed_zip, encrypted), `UPSTREAM_ERROR` (download refused, digest
 *   mismatch), and the GitHub errors of `mapGitHubError`.
 */
export async function fetchArtifact(o: { db: Db; store: ObjectStore; github: GitHubAccess; repo: string; artifactId?: number; runId?: number; name?: string; principal: string }): Promise<FetchedArtifact> {
  const client = await o.github.forRepo(o.repo);
  const repoKey = `${client.owner}/${client.repo}`.toLowerCase();
  const target = o.artifactId ? `artifact ${o.artifactId} of ${o.repo}` : `artifact ${JSON.stringify(o.name)} of run ${o.runId} in ${o.repo}`;
  const artifact = await resolveArtifact(client, o, target);
  const known = await artifactRecord(o.db, repoKey, artifact.artifact_id);
  if (known) return { artifact, record: known, manifest: JSON.parse((await o.store.get(known.manifestRef)).toString("utf8")) as Manifest, cached: true };
  if (artifact.expired) throw new AppError("NOT_FOUND", `${target} has expired on GitHub; its files are gone.`);
  const limits = artifactLimits();
  if (artifact.size_in_bytes > limits.maxArchiveBytes) {
    throw new AppError("VALIDATION_ERROR", `${target} is ${artifact.size_in_bytes} bytes, over the limit of ${limits.maxArchiveBytes} (AUDITLENS_ARTIFACT_MAX_BYTES).`, { reason: "too_large", limit: limits.maxArchiveBytes });
  }
  const tmpDir = path.join(getEnv().dataDir, "tmp");
  await fs.mkdir(tmpDir, { recursive: true });
  const file = path.join(tmpDir, `${newId("art")}.zip`);
  // Objects this call created (shared objects must survive a failure): every put reports whether it created its object.
  const created: string[] = [];
  try {
    const res = await openRedirectedDownload(client, o.github.net, {
      route: "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
      params: { artifact_id: artifact.artifact_id, archive_format: "zip" },
      target,
    });
    const { size, sha256 } = await downloadToFile(res, file, limits.maxArchiveBytes);
    if (artifact.digest && artifact.digest !== `sha256:${sha256}`) throw new AppError("UPSTREAM_ERROR", `${target}: the downloaded zip does not match GitHub's digest ${artifact.digest}.`);
    const archive = await o.store.putFile(file);
    if (archive.created) created.push(archive.ref);
    const manifest = await unpackZip(file, { store: o.store, limits });
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    const manifestObj = await o.store.put(manifestBytes);
    if (manifestObj.created) created.push(manifestObj.ref);
    const formats: Record<string, number> = {};
    for (const e of manifest.entries) formats[e.format] = (formats[e.format] ?? 0) + 1;
    const [record] = await o.db
      .insert(githubArtifacts)
      .values({
        id: newId("art"), repo: repoKey, artifactId: artifact.artifact_id, runId: artifact.run_id, name: artifact.name, archiveRef: archive.ref, archiveSize: size,
        archiveSha256: sha256, manifestRef: manifestObj.ref, entryCount: manifest.entries.length, uncompressedBytes: manifest.total_uncompressed_bytes, formats, principal: o.principal,
      })
      .onConflictDoNothing()
      .returning();
    return { artifact, record: record ?? (await artifactRecord(o.db, repoKey, artifact.artifact_id))!, manifest, cached: false };
  } catch (e) {
    await Promise.all(created.map((ref) => o.store.delete(ref).catch(() => undefined)));
    throw e;
  } finally {
    await fs.rm(file, { force: true });
  }
}
