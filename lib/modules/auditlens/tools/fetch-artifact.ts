import { z } from "zod";
import { defineTool } from "@/lib/runtime/define-tool";
import { ArtifactView } from "../artifact-view";
import { fetchArtifact } from "../fetch-artifact";
import { cleanText } from "../github-text";
import { GitHubId, RepoInput } from "../shared-schemas";

/** Manifest entries listed in the result; the full manifest is the object at `manifest_ref`. */
const LISTED_ENTRIES = 200;

export const fetchArtifactTool = defineTool({
  name: "auditlens_fetch_artifact",
  title: "Fetch and unpack an artifact",
  description:
    "Download a GitHub Actions artifact (by artifact_id, or run_id + name) into OmniAudit's object store and unpack it safely — limits on archive size, uncompressed size, entry count and compression ratio; no `..`, absolute paths or links. Returns the archive's object ref and a manifest: each file's path, size in bytes, SHA-256, its own object ref and the report format detected from its content (sarif, junit, eslint, npm_audit, trivy, grype, semgrep, gitleaks, bandit, retirejs, checkstyle, cyclonedx, spdx, json, xml, text, binary). Fetched once; later calls return the stored result (`cached`).",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: z
    .object({
      repo: RepoInput,
      artifact_id: GitHubId.optional(),
      run_id: GitHubId.optional(),
      name: z.string().min(1).max(256).optional().describe("Artifact name within run_id"),
    })
    .strict()
    .refine((i) => (i.artifact_id !== undefined) !== (i.run_id !== undefined && i.name !== undefined), { message: "give artifact_id, or run_id and name" }),
  output: z.object({
    artifact: ArtifactView,
    archive_ref: z.string(),
    archive_size: z.number().int().describe("Bytes"),
    archive_sha256: z.string(),
    manifest_ref: z.string().describe("Object ref of the full manifest (JSON)"),
    entries: z.array(z.object({ path: z.string(), size: z.number().int(), sha256: z.string(), ref: z.string(), format: z.string() })),
    entries_total: z.number().int(),
    entries_truncated: z.boolean(),
    uncompressed_bytes: z.number().int(),
    formats: z.record(z.string(), z.number().int()).describe("Entries per detected format"),
    cached: z.boolean(),
  }),
  handler: async (input, { db, objectStore, github, principal }) => {
    const r = await fetchArtifact({ db, store: objectStore, github, repo: input.repo, artifactId: input.artifact_id, runId: input.run_id, name: input.name, principal });
    return {
      artifact: r.artifact,
      archive_ref: r.record.archiveRef,
      archive_size: r.record.archiveSize,
      archive_sha256: r.record.archiveSha256,
      manifest_ref: r.record.manifestRef,
      // Entry names come from the archive: untrusted text (bidi and zero-width characters are not refused by unpacking).
      entries: r.manifest.entries.slice(0, LISTED_ENTRIES).map((e) => ({ ...e, path: cleanText(e.path, 1000) ?? "" })),
      entries_total: r.manifest.entries.length,
      entries_truncated: r.manifest.entries.length > LISTED_ENTRIES,
      uncompressed_bytes: r.record.uncompressedBytes,
      formats: r.record.formats,
      cached: r.cached,
    };
  },
});
