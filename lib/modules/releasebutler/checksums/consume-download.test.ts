import { createHash } from "node:crypto";
import { Response } from "undici";
import { describe, expect, it } from "vitest";
import { consumeDownload } from "./consume-download";

const MiB = 1024 * 1024;

/** A response streaming `chunks` (generated lazily), with optional headers. */
function response(chunks: () => Iterable<Uint8Array>, headers: Record<string, string> = {}, o: { pauseMs?: number } = {}): Response {
  const it = chunks()[Symbol.iterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      if (o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
      const n = it.next();
      if (n.done) c.close();
      else c.enqueue(n.value);
    },
  });
  return new Response(body as never, { headers });
}
const expected = (size: number, o: Partial<{ name: string; contentType: string; timeoutMs: number; stallMs: number }> = {}) => ({ name: "app.tar.gz", size, contentType: "application/gzip", timeoutMs: 10_000, ...o });

describe("consumeDownload", () => {
  it("streams a large body through the hash in constant memory", async () => {
    const block = Buffer.alloc(MiB, 7);
    const size = 256 * MiB;
    const h = createHash("sha256");
    const want = createHash("sha256");
    for (let i = 0; i < 256; i++) want.update(block);
    const before = process.memoryUsage().rss;
    const bytes = await consumeDownload(response(function* () { for (let i = 0; i < 256; i++) yield new Uint8Array(block); }, { "content-length": String(size) }), expected(size), (c) => h.update(c));
    expect(bytes).toBe(size);
    expect(h.digest("hex")).toBe(want.digest("hex"));
    expect(process.memoryUsage().rss - before).toBeLessThan(128 * MiB);
  });

  it("refuses a Content-Length other than the API's size, and a body longer or shorter than it", async () => {
    const body = () => [new TextEncoder().encode("0123456789")];
    await expect(consumeDownload(response(body, { "content-length": "10" }), expected(11), () => {})).rejects.toThrow(/Content-Length 10, but GitHub's API says the asset is 11 bytes/);
    await expect(consumeDownload(response(body), expected(11), () => {})).rejects.toThrow(/ended after 10 of the 11 bytes/);
    await expect(consumeDownload(response(body), expected(4), () => {})).rejects.toThrow(/more than the 4 bytes/);
  });

  it("refuses an HTML error page served with 200, by content type or by its first bytes — unless the asset is HTML", async () => {
    const page = new TextEncoder().encode("\n  <!DOCTYPE html><html><body>Rate limited</body></html>");
    const n = page.byteLength;
    await expect(consumeDownload(response(() => [page], { "content-type": "text/html; charset=utf-8" }), expected(n), () => {})).rejects.toThrow(/HTML page \(content-type text\/html/);
    await expect(consumeDownload(response(() => [page.subarray(0, 5), page.subarray(5)], { "content-type": "application/octet-stream" }), expected(n), () => {})).rejects.toThrow(/starts with <!DOCTYPE html>/);
    const html = new TextEncoder().encode("<html lang=en>docs</html>");
    await expect(consumeDownload(response(() => [html]), expected(html.byteLength), () => {})).rejects.toThrow(/HTML/);
    expect(await consumeDownload(response(() => [html], { "content-type": "text/html" }), expected(html.byteLength, { name: "docs.html", contentType: "text/html" }), () => {})).toBe(html.byteLength);
    // Only the first bytes are sniffed: HTML later in a binary is fine.
    const later = new TextEncoder().encode(`${"x".repeat(100)}<html>`);
    expect(await consumeDownload(response(() => [later]), expected(later.byteLength), () => {})).toBe(later.byteLength);
  });

  it("gives up on a stalled body", async () => {
    const slow = response(function* () { yield new Uint8Array(1); yield new Uint8Array(1); }, {}, { pauseMs: 300 });
    await expect(consumeDownload(slow, expected(2, { stallMs: 100 }), () => {})).rejects.toThrow(/stalled/);
  });
});
