import type { ListedAlgorithm } from "./checksum-types";

/**
 * What an asset is, judged by its name:
 * - `checksum`: a checksum source. `sums` — a list for many files (`SHA256SUMS`, `SHA512SUMS.txt`, GoReleaser's
 *   `<project>_<version>_checksums.txt`, `checksums.txt`, anything `*checksums*.txt`); `single` — `<asset>.sha256`,
 *   `.sha256sum`, `.sha512`, `.sha256.txt`… for the one file `subject` (a bare hex inside names it). `algorithm` comes
 *   from the name (null for `checksums.txt`: each line's hex length decides). MD5/SHA-1 files are recognised (so they
 *   are not reported as unverified assets) but never trusted.
 * - `signature`: detached signatures, certificates and attestations made *after* checksumming (`.sig`, `.asc`,
 *   `.pem`, `.crt`, `.cert`, `.minisig`, `.p7s`, `.sigstore`, `.sigstore.json`, `.intoto.jsonl`): verified when a
 *   checksum file lists them, otherwise skipped rather than reported `missing_checksum`. SBOMs (`.sbom`, `.spdx.json`,
 *   `.cdx.json`) are release content and stay ordinary assets.
 * - `asset`: everything else.
 */
export type AssetRole =
  | { role: "checksum"; layout: "sums" | "single"; algorithm: ListedAlgorithm | null; subject: string | null }
  | { role: "signature" }
  | { role: "asset" };

const SIGNATURE_RE = /\.(sig|asc|pem|crt|cert|minisig|p7s|sigstore|sigstore\.json|intoto\.jsonl)$/i;
const SUMS_RE = /^(sha256|sha512|md5|sha1)sums?(\.txt)?$/i;
const SINGLE_RE = /^(.+)\.(sha256|sha512|md5|sha1)(sums?)?(\.txt)?$/i;
const CHECKSUMS_RE = /checksums?.*\.txt$|^checksums?$/i;

/** Classify one release asset by name. Pure. */
export function classifyAssetName(name: string): AssetRole {
  if (SIGNATURE_RE.test(name)) return { role: "signature" };
  let m = SUMS_RE.exec(name);
  if (m) return { role: "checksum", layout: "sums", algorithm: m[1]!.toLowerCase() as ListedAlgorithm, subject: null };
  if (CHECKSUMS_RE.test(name)) return { role: "checksum", layout: "sums", algorithm: null, subject: null };
  if ((m = SINGLE_RE.exec(name))) return { role: "checksum", layout: "single", algorithm: m[2]!.toLowerCase() as ListedAlgorithm, subject: m[1]! };
  return { role: "asset" };
}
