import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** Hex SHA-256 of bytes or a UTF-8 string. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * SHA-256 (hex) of the RFC 8785 (JSON Canonicalization Scheme) form of a JSON value, so the same arguments always hash
 * the same whatever their key order.
 * @throws TypeError when the value is not JSON-serialisable.
 */
export function canonicalHash(value: unknown): string {
  const text = canonicalize(value ?? null);
  if (text === undefined) throw new TypeError("value is not JSON-serialisable");
  return sha256Hex(text);
}
