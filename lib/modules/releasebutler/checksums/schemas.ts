import { z } from "zod";
import { JobRef } from "@/lib/jobs/types";

const Hex = z.string().regex(/^[0-9a-f]{64}([0-9a-f]{64})?$/).describe("lower-case hex digest (64 characters SHA-256, 128 SHA-512)");

export const ChecksumStatus = z
  .enum(["verified", "mismatch", "missing_checksum", "orphan_checksum", "download_failed"])
  .describe("verified: bytes (or GitHub's digest) match the checksum file; mismatch: they differ, or the checksum files disagree; missing_checksum: an asset no checksum file lists; orphan_checksum: an entry naming no asset; download_failed: the asset could not be hashed (reason says why)");
export type ChecksumStatus = z.infer<typeof ChecksumStatus>;

/** One asset's verdict (or one orphan entry's). */
export const ChecksumResult = z.object({
  asset: z.string().nullable().describe("asset name; null for an orphan_checksum"),
  entry_name: z.string().nullable().describe("the name as the checksum file writes it (may carry ./ or a directory; matched on its basename); null without an entry"),
  status: ChecksumStatus,
  algorithm: z.enum(["sha256", "sha512"]).nullable(),
  expected: Hex.nullable().describe("from the checksum file"),
  actual: Hex.nullable().describe("GitHub's digest (method digest) or the hash of the downloaded bytes (method download)"),
  method: z.enum(["digest", "download"]).nullable().describe("digest: GitHub's sha256 asset digest, nothing downloaded; download: streamed and hashed; null: not hashed"),
  source: z.string().nullable().describe("checksum file the expected value comes from"),
  size: z.number().int().nullable().describe("asset size in bytes per GitHub's API; null for an orphan"),
  reason: z.string().nullable().describe("why it is not verified (or how), in plain words"),
});
export type ChecksumResult = z.infer<typeof ChecksumResult>;

/** A checksum file that was read. */
export const ChecksumSourceView = z.object({
  name: z.string(),
  algorithm: z.enum(["sha256", "sha512", "mixed", "unsupported", "empty"]).describe("of its usable entries; unsupported: only MD5/SHA-1 lines; empty: no line understood"),
  entries: z.number().int().describe("SHA-256/SHA-512 entries read"),
  format: z.string().nullable().describe("line styles seen: gnu (sha256sum), bsd (SHA256 (name) = hex), loose (hex name), bare (hex only), comma-separated"),
  skipped_lines: z.number().int().describe("non-blank, non-comment lines not understood"),
  note: z.string().nullable(),
});
export type ChecksumSourceView = z.infer<typeof ChecksumSourceView>;

export const ChecksumSummary = z.object({
  verified: z.number().int(), mismatch: z.number().int(), missing_checksum: z.number().int(), orphan_checksum: z.number().int(), download_failed: z.number().int(),
});
export type ChecksumSummary = z.infer<typeof ChecksumSummary>;

/** The answer of `releasebutler_verify_checksums`, and the result of its job (`jobs.result`, read with core_get_job). */
export const VerifyChecksumsOutput = z.object({
  repo: z.string(),
  tag_name: z.string(),
  release_id: z.number().int(),
  status: z.enum(["completed", "running"]).describe("running: a job verifies the assets; poll core_get_job, whose result is this object completed"),
  checksum_sources: z.array(ChecksumSourceView),
  results: z.array(ChecksumResult).describe("one per asset in GitHub's order, then one per orphan entry; empty while running"),
  skipped: z.array(z.object({ asset: z.string(), reason: z.string() })).describe("assets neither verified nor reported missing: checksum files themselves, unlisted signatures, unfinished uploads"),
  summary: ChecksumSummary,
  ok: z.boolean().describe("true when completed with every result verified (at least one) — no mismatch, missing, orphan or failed download"),
  note: z.string().nullable(),
  job: JobRef.nullable(),
});
export type VerifyChecksumsOutput = z.infer<typeof VerifyChecksumsOutput>;
