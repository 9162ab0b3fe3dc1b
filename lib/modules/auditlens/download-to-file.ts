import { createHash } from "node:crypto";
import fs from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Response } from "undici";
import { AppError } from "@/lib/errors";

/**
 * Stream a response body to `file` in constant memory, hashing it (SHA-256) and refusing it past `maxBytes`.
 * @returns bytes written and the hex digest.
 * @throws AppError `VALIDATION_ERROR` (`reason: "too_large"`) past `maxBytes` — the partial file is removed; stream
 *   errors propagate, also after removing the file.
 */
export async function downloadToFile(res: Response, file: string, maxBytes: number): Promise<{ size: number; sha256: string }> {
  if (!res.body) throw new AppError("UPSTREAM_ERROR", "The download had no body.");
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new AppError("VALIDATION_ERROR", `The download is larger than the limit of ${maxBytes} bytes.`, { reason: "too_large", limit: maxBytes }));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as unknown as WebReadableStream), meter, fs.createWriteStream(file, { flags: "wx" }));
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    throw e;
  }
  return { size, sha256: hash.digest("hex") };
}
