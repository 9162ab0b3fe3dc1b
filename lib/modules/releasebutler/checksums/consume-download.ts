import type { Response } from "undici";
import { SNIFF_BYTES, STALL_TIMEOUT_MS } from "./limits";

/** A download refused as not being the asset's bytes; `message` says why (caller-safe, no URLs). */
export class DownloadRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DownloadRejected";
  }
}

/** What GitHub's API says of the asset, checked against what the storage serves. */
export type ExpectedBody = { name: string; size: number; contentType: string; timeoutMs: number; stallMs?: number };

const HTML_TYPE_RE = /^\s*(text\/html|application\/xhtml\+xml)\b/i;
const HTML_START_RE = /^(\uFEFF|\s)*<(!doctype\s+html|html)[\s>]/i;

/** True when the asset itself is HTML (then an HTML body is no sign of an error page). */
const isHtmlAsset = (e: ExpectedBody) => HTML_TYPE_RE.test(e.contentType) || /\.x?html?$/i.test(e.name);

/**
 * Read a download's body in constant memory, handing each chunk to `onChunk` (a hash update, a bounded collector), and
 * refuse bodies that are not the asset: an HTML page served with 200 (`content-type: text/html`, or a body starting
 * `<!DOCTYPE html` / `<html` — only the first {@link SNIFF_BYTES} bytes are looked at) when the asset is not HTML
 * itself; a `Content-Length` other than the API's `size`; more or fewer bytes than `size`; no byte for `stallMs`
 * (default {@link STALL_TIMEOUT_MS}) or the whole body not within `timeoutMs`. A refused body is cancelled at once.
 * @returns the number of bytes read (= `size`). @throws DownloadRejected; errors of the stream propagate.
 */
export async function consumeDownload(res: Response, expected: ExpectedBody, onChunk: (chunk: Uint8Array) => void): Promise<number> {
  const refuse = async (message: string): Promise<never> => {
    await res.body?.cancel().catch(() => undefined);
    throw new DownloadRejected(message);
  };
  const type = res.headers.get("content-type") ?? "";
  if (HTML_TYPE_RE.test(type) && !isHtmlAsset(expected)) await refuse(`the storage answered with an HTML page (content-type ${type.slice(0, 60)}) instead of the asset's bytes`);
  const declared = res.headers.get("content-length");
  if (declared !== null && Number(declared) !== expected.size) await refuse(`the storage declared Content-Length ${declared}, but GitHub's API says the asset is ${expected.size} bytes`);
  if (!res.body) return expected.size === 0 ? 0 : refuse("the download had no body");

  const reader = res.body.getReader();
  let why: string | null = null;
  const stop = (message: string) => {
    why ??= message;
    void reader.cancel().catch(() => undefined);
  };
  const overall = setTimeout(() => stop(`the download did not finish within ${Math.round(expected.timeoutMs / 1000)} s`), expected.timeoutMs);
  const stallMs = expected.stallMs ?? STALL_TIMEOUT_MS;
  let stall = setTimeout(() => stop(`the download stalled (no data for ${stallMs / 1000} s)`), stallMs);
  let bytes = 0;
  let head = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (why) throw new DownloadRejected(why);
      if (done) break;
      clearTimeout(stall);
      stall = setTimeout(() => stop(`the download stalled (no data for ${stallMs / 1000} s)`), stallMs);
      if (head.length < SNIFF_BYTES && bytes < SNIFF_BYTES) {
        head += Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, SNIFF_BYTES - bytes)).toString("latin1");
        if (HTML_START_RE.test(head) && !isHtmlAsset(expected)) stop("the storage served an HTML page (the body starts with <!DOCTYPE html> / <html>) instead of the asset's bytes");
      }
      bytes += value.byteLength;
      if (bytes > expected.size) stop(`the storage sent more than the ${expected.size} bytes GitHub's API reports`);
      if (why) throw new DownloadRejected(why);
      onChunk(value);
    }
  } finally {
    clearTimeout(overall);
    clearTimeout(stall);
  }
  if (bytes !== expected.size) throw new DownloadRejected(`the download ended after ${bytes} of the ${expected.size} bytes GitHub's API reports`);
  return bytes;
}
