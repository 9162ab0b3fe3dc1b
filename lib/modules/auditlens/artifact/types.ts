import type { ObjectRef } from "@/lib/object-store";

/** What a file in an artifact is, judged from its content (see `detectFormat`). */
export type DetectedFormat =
  | "sarif"
  | "junit"
  | "eslint"
  | "npm_audit"
  | "yarn_audit"
  | "trivy"
  | "grype"
  | "semgrep"
  | "gitleaks"
  | "bandit"
  | "retirejs"
  | "checkstyle"
  | "cyclonedx"
  | "spdx"
  | "json"
  | "xml"
  | "text"
  | "binary";

/** One extracted file: `path` is the entry name with `\` normalised to `/`; `size` in bytes; `sha256` hex. */
export type ManifestEntry = { path: string; size: number; sha256: string; ref: ObjectRef; format: DetectedFormat };

/** What `unpackZip` stored: file entries in archive order, total bytes of all files, count of directory entries. */
export type Manifest = { entries: ManifestEntry[]; total_uncompressed_bytes: number; directories: number };

/** Why an archive was refused (`AppError("VALIDATION_ERROR", …, { reason, entry? })`). */
export type ZipRefusalReason =
  | "zip_bomb"
  | "path_traversal"
  | "absolute_path"
  | "link_entry"
  | "too_large"
  | "too_many_entries"
  | "malformed_zip"
  | "encrypted";
