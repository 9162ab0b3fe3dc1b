import "server-only";
import type { Readable } from "node:stream";
import { ProtocolError, ProtocolErrorCode, type ReadResourceResult } from "@modelcontextprotocol/server";
import { getEnv } from "@/lib/env";
import type { ObjectStore } from "@/lib/object-store";
import { objectUrl } from "@/lib/object-store/object-url";
import { sniffContentType } from "@/lib/object-store/sniff-content-type";

/** Largest object a `resources/read` returns, bytes (8 MiB; base64 makes the answer a third larger). */
export const MAX_RESOURCE_BYTES = 8 * 1024 * 1024;

/** The media type without parameters (`application/json; charset=utf-8` → `application/json`). */
const bareType = (type: string) => type.split(";")[0]!.trim();
const isText = (type: string) => type.startsWith("text/") || type === "application/json";

/**
 * `resources/read` of `omniaudit://objects/sha256/<hex>`: the object's bytes from the configured store. The ref read is
 * `sha256/<hex>`, which every backend resolves to this server's copy (local root; in S3 mode the local root, then the
 * same bytes in this server's bucket and prefix — see `createDualReadObjectStore`). The media type is the object
 * route's own (`sniffContentType`, the function `GET /api/objects/…` uses), without parameters: `image/png`,
 * `image/jpeg`, `application/json`, `text/plain` come back as `text` (UTF-8) or `blob` (base64) accordingly, anything
 * else as an `application/octet-stream` blob.
 * @param hex the SHA-256 (64 lowercase hex), already checked.
 * @throws AppError NOT_FOUND when the object exists nowhere (the caller maps it to resource-not-found);
 *   ProtocolError `-32602` with `data.reason: "too_large"` and the console URL past {@link MAX_RESOURCE_BYTES} —
 *   read without loading more than that limit plus one chunk.
 */
export async function readObjectResource(store: ObjectStore, hex: string, uri: string): Promise<ReadResourceResult> {
  const ref = `sha256/${hex}`;
  const stream = store.openRead(ref) as Readable;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).byteLength;
    if (size > MAX_RESOURCE_BYTES) {
      stream.destroy();
      const url = `${getEnv().baseUrl}${objectUrl(ref)}`;
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Object ${uri} is larger than the ${MAX_RESOURCE_BYTES / 1024 / 1024} MiB a resource read returns; download it from the console instead: ${url} (operator sign-in or an operator API key).`,
        { uri, reason: "too_large", max_bytes: MAX_RESOURCE_BYTES, url },
      );
    }
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  const mimeType = bareType(sniffContentType(bytes));
  return { contents: [isText(mimeType) ? { uri, mimeType, text: bytes.toString("utf8") } : { uri, mimeType, blob: bytes.toString("base64") }] };
}
