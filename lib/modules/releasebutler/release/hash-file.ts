import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { pipeline } from "node:stream/promises";

/** SHA-256 of a local file, streamed (constant memory). @returns lower-case hex and the bytes read. */
export async function hashFile(absPath: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash("sha256");
  let bytes = 0;
  await pipeline(fs.createReadStream(absPath), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      bytes += chunk.length;
      h.update(chunk);
    }
    yield* [];
  });
  return { sha256: h.digest("hex"), bytes };
}
