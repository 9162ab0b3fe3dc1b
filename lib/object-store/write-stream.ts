import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { AppError } from "@/lib/errors";
import type { ByteSource, ObjectRef } from "./types";

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
 * Stream `source` into a temp file under `root` while hashing it, then rename it to the content address given by
 * `fileOf` (the temp file is always removed). Memory stays constant: chunks are hashed and written as they arrive, with backpressure.
 * @param maxBytes abort once the source exceeds this many bytes.
 * @returns `{ ref, size, created }`; `size` in bytes, `created` false when the object already existed.
 * @throws AppError VALIDATION_ERROR `{ reason: "too_large", limit }`, or the source's/filesystem's error. The temp
 *   file is removed on every failure path.
 */
export async function writeStreamToStore(
  root: string,
  fileOf: (ref: ObjectRef) => string,
  source: ByteSource,
  { maxBytes }: { maxBytes?: number } = {},
): Promise<{ ref: ObjectRef; size: number; created: boolean }> {
  if (maxBytes !== undefined && !(maxBytes >= 0)) throw new AppError("VALIDATION_ERROR", "maxBytes must be a number ≥ 0");
  // A Node stream may fail (e.g. ENOENT from createReadStream) while we await below, before `pipeline` listens: keep
  // that from becoming an uncaught exception. `pipeline` still rejects with the stream's stored error. The listener
  // stays: once we are done the stream is finished or destroyed anyway.
  const emitter = "on" in source && typeof source.on === "function" ? source : undefined;
  const ignore = () => {};
  emitter?.on("error", ignore);
  await fs.mkdir(root, { recursive: true });
  // In the store root so the final rename stays on one filesystem (atomic).
  const tmp = path.join(root, `.put-${randomBytes(8).toString("hex")}.tmp`);
  const hash = createHash("sha256");
  let size = 0;
  const out = createWriteStream(tmp, { flags: "wx" });
  try {
    // Wait until the file exists: a failure before its `open` completed would otherwise let the file appear after the
    // cleanup below has run (seen as a stray `.put-*.tmp` under load).
    await once(out, "ready");
    await pipeline(
      toIterable(source),
      async function* meter(chunks: AsyncIterable<Uint8Array | string>) {
        for await (const chunk of chunks) {
          const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
          size += bytes.byteLength;
          if (maxBytes !== undefined && size > maxBytes) {
            throw new AppError("VALIDATION_ERROR", `Object exceeds the limit of ${maxBytes} bytes`, { reason: "too_large", limit: maxBytes });
          }
          hash.update(bytes);
          yield bytes;
        }
      },
      out,
    );
    const ref = `sha256/${hash.digest("hex")}` as ObjectRef;
    const file = fileOf(ref);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const created = await publish(tmp, file);
    return { ref, size, created };
  } finally {
    if (!out.closed) {
      out.destroy();
      await once(out, "close").catch(() => undefined);
    }
    await fs.rm(tmp, { force: true });
  }
}

/**
 * Make `tmp` visible at `file` unless it already exists. A hard link fails atomically when the target exists, so
 * `created` is exact even with concurrent writers of the same bytes (callers roll back only what they created).
 * Filesystems without hard links fall back to an existence check and a rename.
 */
async function publish(tmp: string, file: string): Promise<boolean> {
  try {
    await fs.link(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV" && code !== "ENOSYS") throw e;
  }
  try {
    await fs.access(file);
    return false;
  } catch {
    await fs.rename(tmp, file);
    return true;
  }
}
