import { z } from "zod";

/**
 * The grammar of object refs (DESIGN.md §6), shared by the stores, the object route, zod schemas and console links.
 * Pure (no env, no I/O), so components may import it.
 *
 * - local: `sha256/<64 lowercase hex>` — an object under the local root (`OBJECT_STORE_DIR`);
 * - S3: `s3://<bucket>/<prefix>/sha256/<64 lowercase hex>`, the prefix optional (`s3://<bucket>/sha256/<hex>`).
 *
 * Both are content addresses: the hex is the SHA-256 of the bytes. Whether an S3 ref names *this* server's bucket and
 * prefix is the store's check (a well-formed ref for another bucket is refused there, never read).
 */

/** `sha256/<64 hex>`: an object of the local store (and, in S3 mode, the same bytes in the bucket). */
export type LocalObjectRef = `sha256/${string}`;
/** `s3://<bucket>/[<prefix>/]sha256/<64 hex>`. */
export type S3ObjectRef = `s3://${string}`;
/** Either form. */
export type ObjectRef = LocalObjectRef | S3ObjectRef;

/** A parsed ref: `prefix` is `""` or segments joined by `/` (no leading or trailing slash). */
export type ParsedObjectRef = { kind: "local"; hex: string } | { kind: "s3"; bucket: string; prefix: string; hex: string };

const SEGMENT = String.raw`[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}`;
const PREFIX = String.raw`${SEGMENT}(?:\/${SEGMENT}){0,7}`;
/** Bucket name; the lookaheads end at `end` (`$` alone, `\/` inside a ref). */
const bucket = (end: string) => String.raw`(?!\d{1,3}(?:\.\d{1,3}){3}${end})(?![a-z0-9.-]*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]`;

/** S3 bucket naming rules: 3–63 of [a-z0-9.-], starting and ending alphanumeric, no `..`, not an IPv4 address. */
export const S3_BUCKET_RE = new RegExp(`^${bucket("$")}$`);
/** An object prefix: up to 8 segments of [A-Za-z0-9._-] (1–63 each, not starting with a dot), joined by `/`. */
export const OBJECT_PREFIX_RE = new RegExp(`^${PREFIX}$`);
/** Either ref form, anchored; groups: bucket, prefix, hex. Also the `pattern` of {@link objectRefSchema}. */
export const OBJECT_REF_RE = new RegExp(String.raw`^(?:s3:\/\/(${bucket("\/")})\/(?:(${PREFIX})\/)?)?sha256\/([0-9a-f]{64})$`);

/**
 * Parse a ref strictly.
 * @returns the parts, or null for anything that is not exactly one of the two forms (traversal, uppercase hex,
 *   bad bucket names, empty or dotted prefix segments, extra slashes).
 */
export function parseObjectRef(ref: string): ParsedObjectRef | null {
  const m = ref.length <= 700 ? OBJECT_REF_RE.exec(ref) : null;
  if (!m) return null;
  const [, bucketName, prefix = "", hex = ""] = m;
  return bucketName === undefined ? { kind: "local", hex } : { kind: "s3", bucket: bucketName, prefix, hex };
}

/** True when `ref` is a well-formed object ref of either form. */
export function isObjectRef(ref: string): ref is ObjectRef {
  return parseObjectRef(ref) !== null;
}

/** The S3 ref of the object with SHA-256 `hex` in `bucket` under `prefix` (`""` for none). */
export function s3ObjectRef(bucket: string, prefix: string, hex: string): S3ObjectRef {
  return `s3://${bucket}/${prefix ? `${prefix}/` : ""}sha256/${hex}`;
}

/** The SHA-256 (hex) a well-formed ref addresses. @throws TypeError for a malformed ref. */
export function refHex(ref: string): string {
  const parsed = parseObjectRef(ref);
  if (!parsed) throw new TypeError("not an object ref");
  return parsed.hex;
}

/** zod schema for a ref in tool inputs and outputs (either form; see {@link parseObjectRef}). */
export const objectRefSchema = z
  .string()
  .max(700)
  .regex(OBJECT_REF_RE, "not an object ref (sha256/<64 hex> or s3://<bucket>/<prefix>/sha256/<64 hex>)")
  .describe("Object-store ref: sha256/<hex> (local) or s3://<bucket>/<prefix>/sha256/<hex>");
