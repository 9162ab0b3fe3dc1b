import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { PassThrough, type Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { sha256Hex } from "@/lib/crypto/hash";
import type { S3Settings } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hashFile } from "./hash-file";
import { parseObjectRef, s3ObjectRef } from "./object-ref";
import { s3ClientConfig } from "./s3-client-config";
import { toS3Error } from "./s3-error";
import { sniffContentType } from "./sniff-content-type";
import { spoolToTempFile } from "./spool-to-temp-file";
import type { ObjectStore, StreamPutResult } from "./types";

/** Multipart part size (bytes) and parts in flight: an upload holds at most 4 × 8 MiB in memory, whatever its size. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

type SdkError = { name?: string; $metadata?: { httpStatusCode?: number } };
const statusOf = (e: unknown) => (e as SdkError).$metadata?.httpStatusCode;

/**
 * S3 object store (any S3-compatible server): the object with SHA-256 `<hex>` is the key `<prefix>/sha256/<hex>` of
 * the configured bucket, and its ref is `s3://<bucket>/<prefix>/sha256/<hex>`. Keys are immutable:
 * - a put first asks `HeadObject`; an existing key is not written again (`created: false`, no new write);
 * - otherwise it uploads with `If-None-Match: *`, so of two concurrent writers of the same bytes one wins and the other
 *   gets 412 (also `created: false`). A server that answers 501 to the condition is remembered and written to
 *   without it (HEAD-then-PUT; the bytes are the same either way);
 * - streams are spooled to a temp file under `tmpDir` while hashed (the key needs the hash), then uploaded with
 *   `@aws-sdk/lib-storage` — one PutObject up to 8 MiB, else multipart in 8 MiB parts, 4 in flight. Never a whole
 *   object in memory; every part is a buffer the SDK can retry.
 *
 * Reads accept this store's own `s3://` refs and, since content-addressed, local-form `sha256/<hex>` refs (the same
 * bytes in the bucket, e.g. after `npm run objects:migrate`). An `s3://` ref naming another bucket or prefix is
 * `NOT_FOUND` without any request, so a ref can never make the server read a bucket it was not configured for.
 * Transient faults are retried by the SDK (`S3_MAX_ATTEMPTS`); what still fails is `UPSTREAM_ERROR` (`toS3Error`).
 */
export function createS3ObjectStore(s: S3Settings & { tmpDir: string; client?: S3Client }): ObjectStore {
  const client = s.client ?? new S3Client(s3ClientConfig(s));
  const Bucket = s.bucket;
  const keyOf = (hex: string) => `${s.prefix ? `${s.prefix}/` : ""}sha256/${hex}`;
  let conditionalWrites = true;

  /** The key a ref addresses in this bucket; null for a foreign bucket/prefix. @throws VALIDATION_ERROR if malformed. */
  const locate = (ref: string): string | null => {
    const p = parseObjectRef(ref);
    if (!p) throw new AppError("VALIDATION_ERROR", `Malformed object ref: ${ref.slice(0, 120)}`);
    if (p.kind === "s3" && (p.bucket !== s.bucket || p.prefix !== s.prefix)) return null;
    return keyOf(p.hex);
  };
  const keyOrNotFound = (ref: string) => {
    const key = locate(ref);
    if (key === null) throw new AppError("NOT_FOUND", `No object ${ref.slice(0, 200)} (not this server's bucket and prefix)`);
    return key;
  };
  const exists = async (Key: string, ref: string) => {
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key }));
      return true;
    } catch (e) {
      const err = toS3Error(e, "HeadObject", ref);
      if (err.code === "NOT_FOUND") return false;
      throw err;
    }
  };
  /** Upload unless the key exists; `open` gives a fresh body (a retry without the condition needs one). */
  const upload = async (hex: string, size: number, contentType: string, open: () => Uint8Array | Readable): Promise<StreamPutResult> => {
    const Key = keyOf(hex);
    const ref = s3ObjectRef(s.bucket, s.prefix, hex);
    if (await exists(Key, ref)) return { ref, size, created: false };
    for (;;) {
      const conditional = conditionalWrites;
      const params = { Bucket, Key, Body: open(), ContentLength: size, ContentType: contentType, ...(conditional ? { IfNoneMatch: "*" } : {}) };
      try {
        await new Upload({ client, params, partSize: PART_SIZE, queueSize: QUEUE_SIZE }).done();
        return { ref, size, created: true };
      } catch (e) {
        const status = statusOf(e);
        // 412: the same bytes were stored meanwhile; 409: a concurrent conditional write of them is in progress.
        if (status === 412 || (status === 409 && (await exists(Key, ref)))) return { ref, size, created: false };
        if (conditional && status === 501) {
          conditionalWrites = false;
          continue;
        }
        throw toS3Error(e, "PutObject", ref);
      }
    }
  };

  const store: ObjectStore = {
    kind: "s3",
    async put(bytes) {
      return upload(sha256Hex(bytes), bytes.byteLength, sniffContentType(bytes), () => bytes);
    },
    async putStream(source, o) {
      const spooled = await spoolToTempFile(s.tmpDir, source, o);
      try {
        const type = sniffContentType(spooled.head, { truncated: spooled.size > spooled.head.length });
        return await upload(spooled.hex, spooled.size, type, () => createReadStream(spooled.file));
      } finally {
        await fs.rm(spooled.file, { force: true });
      }
    },
    async putFile(file, o) {
      // Hash first (the key), then stream the file itself: no copy. The file must not change in between.
      const { hex, size, head } = await hashFile(file, o);
      return upload(hex, size, sniffContentType(head, { truncated: size > head.length }), () => createReadStream(file));
    },
    async get(ref) {
      const Key = keyOrNotFound(ref);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key }));
        return Buffer.from(await res.Body!.transformToByteArray());
      } catch (e) {
        throw toS3Error(e, "GetObject", ref);
      }
    },
    openRead(ref) {
      const Key = locate(ref);
      const out = new PassThrough();
      if (Key === null) {
        process.nextTick(() => out.destroy(new AppError("NOT_FOUND", `No object ${ref.slice(0, 200)} (not this server's bucket and prefix)`)));
        return out;
      }
      // Closing the stream early aborts the request (and frees its socket).
      const abort = new AbortController();
      out.once("close", () => abort.abort());
      client.send(new GetObjectCommand({ Bucket, Key }), { abortSignal: abort.signal }).then(
        (res) => {
          const body = res.Body as Readable;
          if (out.destroyed) return void body.destroy();
          body.once("error", (e) => out.destroy(toS3Error(e, "GetObject", ref)));
          out.once("close", () => body.destroy());
          body.pipe(out);
        },
        (e) => out.destroy(toS3Error(e, "GetObject", ref)),
      );
      return out;
    },
    async has(ref) {
      const Key = locate(ref);
      return Key !== null && (await exists(Key, ref));
    },
    async delete(ref) {
      const Key = locate(ref);
      if (Key === null) return;
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key }));
      } catch (e) {
        const err = toS3Error(e, "DeleteObject", ref);
        if (err.code !== "NOT_FOUND") throw err;
      }
    },
    async presignGet(ref, expiresInSeconds) {
      const Key = keyOrNotFound(ref);
      if (!(await exists(Key, ref))) throw new AppError("NOT_FOUND", `No object ${ref}`);
      const cmd = new GetObjectCommand({ Bucket, Key, ResponseCacheControl: `private, max-age=${expiresInSeconds}` });
      return getSignedUrl(client, cmd, { expiresIn: expiresInSeconds });
    },
  };
  return store;
}
