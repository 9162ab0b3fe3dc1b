/** Hash algorithms this module verifies (GitHub's asset `digest` is always SHA-256). */
export type HashAlgorithm = "sha256" | "sha512";

/** Algorithms a checksum file may list: the verified ones, and MD5/SHA-1, recognised but never trusted (weak). */
export type ListedAlgorithm = HashAlgorithm | "md5" | "sha1";

/** Hex digest length (characters) → algorithm. */
export const HEX_LENGTHS: Readonly<Record<number, ListedAlgorithm>> = { 32: "md5", 40: "sha1", 64: "sha256", 128: "sha512" };

/** True for the algorithms this module verifies. */
export const isVerifiable = (a: ListedAlgorithm): a is HashAlgorithm => a === "sha256" || a === "sha512";

/** Line styles of checksum files: GNU `sha256sum`, BSD tagged `SHA256 (name) = hex`, `sha256 -r` / loose `hex name`, a bare hex. */
export type LineFormat = "gnu" | "bsd" | "loose" | "bare";

/**
 * One line of a checksum file. `name` is the file name as written (unescaped, untrusted); `basename` is what it is
 * matched on: the part after the last `/` (a `./` or `dist/` prefix is ignored).
 */
export type ChecksumEntry = { name: string; basename: string; hex: string; algorithm: ListedAlgorithm; line: number; format: LineFormat };

/** A checksum file read and parsed: its entries, the line styles seen, and how many non-blank lines were not understood. */
export type ParsedChecksumFile = { entries: ChecksumEntry[]; formats: LineFormat[]; skippedLines: number };
