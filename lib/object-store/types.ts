import type { ObjectRef } from "./object-ref";

export type { LocalObjectRef, ObjectRef, S3ObjectRef } from "./object-ref";
export { isObjectRef } from "./object-ref";

/** Anything `putStream` can read bytes from: a Node stream, a WHATWG stream, or an async iterable of chunks. */
export type ByteSource = NodeJS.ReadableStream | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Result of a put: `size` in bytes; `created` is false when an object with the same bytes already existed. */
export type StreamPutResult = { ref: ObjectRef; size: number; created: boolean };

/**
 * Immutable, content-addressed blob storage (DESIGN.md §6). Same bytes → same ref; objects are never modified.
 * `local` stores under a directory and gives `sha256/<hex>` refs; `s3` writes `s3://<bucket>/<prefix>/sha256/<hex>`
 * refs and still reads the local `sha256/<hex>` refs written before (dual-read, see `createDualReadObjectStore`).
 * Reads of a ref that exists nowhere are `NOT_FOUND`; an `s3://` ref for another bucket or prefix than the configured
 * one is `NOT_FOUND` too (never fetched). S3 failures that persist after the SDK's retries are `UPSTREAM_ERROR`.
 */
export type ObjectStore = {
  readonly kind: "local" | "s3";
  /** Store bytes. Idempotent: a second put of the same bytes writes nothing (`created: false`). */
  put(bytes: Uint8Array): Promise<StreamPutResult>;
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
  /** True when the object exists. @throws AppError UPSTREAM_ERROR when S3 can't tell. */
  has(ref: string): Promise<boolean>;
  /** Remove the object at exactly this ref (used when an owner resource is deleted). No error when absent. */
  delete(ref: string): Promise<void>;
  /**
   * A presigned `GET` URL valid for `expiresInSeconds`, or null when the ref is not served from S3 (local refs: the
   * caller streams them instead).
   * @throws AppError NOT_FOUND when the object is absent (checked first, so a link never leads to S3's own 404).
   */
  presignGet(ref: string, expiresInSeconds: number): Promise<string | null>;
};
