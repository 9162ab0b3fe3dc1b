import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { AppError } from "@/lib/errors";
import type { ByteSource } from "./types";

/** How many leading bytes a spool keeps in memory for content sniffing. */
export const SPOOL_HEAD_BYTES = 64 * 1024;

/** A source spooled to disk: `file` (the caller removes it), its SHA-256 `hex`, `size` in bytes and first bytes. */
export type SpooledFile = { file: string; hex: string; size: number; head: Buffer };

/** A source as something `pipeline` can read: web streams and old-style Node streams are adapted. */
function toIterable(source: ByteSource): AsyncIterable<Uint8Array | string> {
  if (typeof (source as ReadableStream).getReader === "function") {
    return Readable.fromWeb(source as unknown as NodeWebReadableStream<Uint8Array>);
  }
  if (Symbol.asyncIterator in source) return source as AsyncIterable<Uint8Array | string>;
  // A pre-streams3 NodeJS.ReadableStream (no async iterator): wrap it.
  return new Readable().wrap(source as NodeJS.ReadableStream);
}

/**
 * Stream `source` into a new temp file `<dir>/.put-<random>.tmp` while hashing it (SHA-256) and keeping its first
 * {@link SPOOL_HEAD_BYTES} bytes. Memory stays constant: chunks are hashed and written as they arrive, with backpressure.
 * @param o.maxBytes abort once the source exceeds this many bytes.
 * @returns the spooled file; the caller owns it and must remove it.
 * @throws AppError VALIDATION_ERROR `{ reason: "too_large", limit }`, or the source's/filesystem's error. The temp
 *   file is removed on every failure path.
 */
export async function spoolToTempFile(dir: string, source: ByteSource, { maxBytes }: { maxBytes?: number } = {}): Promise<SpooledFile> {
  if (maxBytes !== undefined && !(maxBytes >= 0)) throw new AppError("VALIDATION_ERROR", "maxBytes must be a number ≥ 0");
  // A Node stream may fail (e.g. ENOENT from createReadStream) while we await below, before `pipeline` listens: keep
  // that from becoming an uncaught exception. `pipeline` still rejects with the stream's stored error. The listener
  // stays: once we are done the stream is finished or destroyed anyway.
  const emitter = "on" in source && typeof source.on === "function" ? source : undefined;
  emitter?.on("error", () => {});
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `.put-${randomBytes(8).toString("hex")}.tmp`);
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let size = 0;
  const sink = createWriteStream(file, { flags: "wx" });
  try {
    await pipeline(
      toIterable(source),
      async function* meter(chunks: AsyncIterable<Uint8Array | string>) {
        for await (const chunk of chunks) {
          const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
          if (size < SPOOL_HEAD_BYTES) head.push(Buffer.from(bytes.subarray(0, SPOOL_HEAD_BYTES - size)));
          size += bytes.byteLength;
          if (maxBytes !== undefined && size > maxBytes) {
            throw new AppError("VALIDATION_ERROR", `Object exceeds the limit of ${maxBytes} bytes`, { reason: "too_large", limit: maxBytes });
          }
          hash.update(bytes);
          yield bytes;
        }
      },
      sink,
    );
    return { file, hex: hash.digest("hex"), size, head: Buffer.concat(head) };
  } catch (e) {
    // `pipeline` rejects as soon as the source fails, possibly before the sink's asynchronous open has created the
    // file; removing it then would leave the file behind. Wait for the sink to close (pipeline destroyed it) first.
    if (!sink.closed) await new Promise<void>((resolve) => sink.once("close", () => resolve()));
    await fs.rm(file, { force: true });
    throw e;
  }
}
