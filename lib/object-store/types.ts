/** A content-addressed object reference: `sha256/<64 hex>`. */
export type ObjectRef = `sha256/${string}`;

/**
 * Immutable, content-addressed blob storage (DESIGN.md §6). Same bytes → same ref; objects are never modified.
 */
export type ObjectStore = {
  readonly kind: "local" | "s3";
  /** Store bytes; returns the ref and size in bytes. Idempotent. */
  put(bytes: Uint8Array): Promise<{ ref: ObjectRef; size: number }>;
  /** Read an object. @throws AppError NOT_FOUND when absent; VALIDATION_ERROR for a malformed ref. */
  get(ref: string): Promise<Buffer>;
  has(ref: string): Promise<boolean>;
  /** Remove an object (used when an owner resource is deleted). No error when absent. */
  delete(ref: string): Promise<void>;
};

const REF_RE = /^sha256\/[0-9a-f]{64}$/;

/** True when `ref` is a well-formed object ref. */
export function isObjectRef(ref: string): ref is ObjectRef {
  return REF_RE.test(ref);
}
