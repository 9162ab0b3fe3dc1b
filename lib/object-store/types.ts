/** A content-addressed object reference: `sha256/<64 hex>`. */
export type ObjectRef = `sha256/${string}`;

/** Anything `putStream` can read bytes from: a Node stream, a WHATWG stream, or an async iterable of chunks. */
export type ByteSource = NodeJS.ReadableStream | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Result of a streaming put: `created` is false when an object with the same bytes already existed. */
export type StreamPutResult = { ref: ObjectRef; size: number; created: boolean };

/**
 * Immutable, content-addressed blob storage (DESIGN.md §6). Same bytes → same ref; objects are never modified.
 */
export type ObjectStore = {
  readonly kind: "local" | "s3";
  /** Store bytes; returns the ref and size in bytes. Idempotent. */
  put(bytes: Uint8Array): Promise<{ ref: ObjectRef; size: number }>;
  /**
   * Store a stream in constant memory (hashed with SHA-256 while it is written). Idempotent.
   * @param o.maxBytes refuse sources longer than this many bytes.
   * @returns `{ ref, size, created }` with `size` in bytes.
   * @throws AppError VALIDATION_ERROR `{ reason: "too_large", limit }` past `maxBytes`; the source's own error when it
   *   fails. Either way nothing is left behind (no object, no temp file).
   */
  putStream(source: ByteSource, o?: { maxBytes?: number }): Promise<StreamPutResult>;
  /** Stream a file into the store (see {@link ObjectStore.putStream}). @throws the fs error when it can't be read. */
  putFile(path: string, o?: { maxBytes?: number }): Promise<StreamPutResult>;
  /** Read an object. @throws AppError NOT_FOUND when absent; VALIDATION_ERROR for a malformed ref. */
  get(ref: string): Promise<Buffer>;
  /**
   * Read an object as a stream, without loading it.
   * @throws AppError VALIDATION_ERROR (synchronously) for a malformed ref; the stream errors with AppError NOT_FOUND
   *   when the object is absent.
   */
  openRead(ref: string): NodeJS.ReadableStream;
  has(ref: string): Promise<boolean>;
  /** Remove an object (used when an owner resource is deleted). No error when absent. */
  delete(ref: string): Promise<void>;
};

const REF_RE = /^sha256\/[0-9a-f]{64}$/;

/** True when `ref` is a well-formed object ref. */
export function isObjectRef(ref: string): ref is ObjectRef {
  return REF_RE.test(ref);
}
