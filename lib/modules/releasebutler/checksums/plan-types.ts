import type { HashAlgorithm } from "./checksum-types";
import type { ChecksumResult, ChecksumSourceView } from "./schemas";

/** A result with its place in the answer (assets in GitHub's order, then orphans). */
export type IndexedResult = ChecksumResult & { index: number };

/** An asset that has to be downloaded and hashed (no usable digest, SHA-512 only, or `verify_digests`). JSON-safe. */
export type PlannedDownload = {
  index: number;
  asset: { id: number; name: string; size: number; content_type: string };
  /** The asset name as reported (cleaned untrusted text). */
  assetName: string;
  entryName: string;
  algorithm: HashAlgorithm;
  expected: string;
  source: string;
  /** GitHub's sha256 digest (hex) to compare the bytes with too (`verify_digests`), else null. */
  digest: string | null;
};

/**
 * Everything a verification needs after reading the release and its checksum files — JSON-safe, so a job's `plan`
 * step can memoize it: the results known without downloading (`done`) and the downloads still to make.
 */
export type VerificationPlan = {
  repo: string;
  tag_name: string;
  release_id: number;
  checksum_sources: ChecksumSourceView[];
  skipped: { asset: string; reason: string }[];
  note: string | null;
  done: IndexedResult[];
  downloads: PlannedDownload[];
};
