import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { AppError } from "@/lib/errors";
import { SPOOL_HEAD_BYTES } from "./spool-to-temp-file";

/**
 * SHA-256 (hex), size in bytes and first {@link SPOOL_HEAD_BYTES} bytes of a file, read as a stream (constant memory).
 * @param o.maxBytes stop reading and refuse once the file exceeds this many bytes.
 * @throws AppError VALIDATION_ERROR `{ reason: "too_large", limit }`; the fs error when the file can't be read.
 */
export async function hashFile(file: string, { maxBytes }: { maxBytes?: number } = {}): Promise<{ hex: string; size: number; head: Buffer }> {
  if (maxBytes !== undefined && !(maxBytes >= 0)) throw new AppError("VALIDATION_ERROR", "maxBytes must be a number ≥ 0");
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (size < SPOOL_HEAD_BYTES) head.push(chunk.subarray(0, SPOOL_HEAD_BYTES - size));
      size += chunk.length;
      if (maxBytes !== undefined && size > maxBytes) {
        throw new AppError("VALIDATION_ERROR", `Object exceeds the limit of ${maxBytes} bytes`, { reason: "too_large", limit: maxBytes });
      }
      hash.update(chunk);
    }
  } finally {
    stream.destroy();
  }
  return { hex: hash.digest("hex"), size, head: Buffer.concat(head) };
}
