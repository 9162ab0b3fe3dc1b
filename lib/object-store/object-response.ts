import type { ObjectStore } from "./types";
import { sniffContentType } from "./sniff-content-type";

/** Objects up to this size (bytes) are read whole, sniffed exactly and sent with a Content-Length; larger ones stream. */
const INLINE_BYTES = 1024 * 1024;

const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

const HEADERS = {
  // private: the bytes are immutable but access-controlled, so no shared cache may keep them.
  "cache-control": "private, max-age=31536000, immutable",
  "x-content-type-options": "nosniff",
};

/**
 * The HTTP response of `GET /api/objects/<ref>`: an object's bytes, streamed through the app in constant memory
 * whatever the backend (local file, S3 `GetObject`). The media type is sniffed from the bytes (`sniffContentType`:
 * exactly for objects ≤ 1 MiB, from their first 1 MiB otherwise). With `presignSeconds` > 0 an object served from S3
 * is answered with a 302 to a presigned `GET` valid that long instead (not cached: the URL expires).
 * @throws AppError NOT_FOUND when the ref exists nowhere (or names another bucket), VALIDATION_ERROR for a malformed
 *   ref, UPSTREAM_ERROR when S3 fails after retries — all before any byte is sent.
 */
export async function objectResponse(store: ObjectStore, ref: string, { presignSeconds = 0 }: { presignSeconds?: number } = {}): Promise<Response> {
  if (presignSeconds > 0) {
    const url = await store.presignGet(ref, presignSeconds);
    if (url) return new Response(null, { status: 302, headers: { location: url, "cache-control": "no-store" } });
  }
  const chunks = (store.openRead(ref) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      const bytes = Buffer.concat(head);
      return new Response(new Uint8Array(bytes), { headers: { ...HEADERS, "content-type": sniffContentType(bytes), "content-length": String(bytes.byteLength) } });
    }
    head.push(next.value);
    size += next.value.byteLength;
    if (size > INLINE_BYTES) break;
  }
  const first = Buffer.concat(head);
  let sentHead = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentHead) {
        sentHead = true;
        return controller.enqueue(view(first));
      }
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(view(next.value));
    },
    async cancel() {
      await chunks.return?.();
    },
  });
  return new Response(body, { headers: { ...HEADERS, "content-type": sniffContentType(first, { truncated: true }) } });
}
