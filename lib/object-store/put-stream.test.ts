import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLocalObjectStore } from "./local";

const MiB = 1024 * 1024;
const tempRoot = () => fs.mkdtemp(path.join(os.tmpdir(), "oa-objects-stream-"));

/** Every file under `dir` (relative paths), to prove nothing — object or temp file — was left behind. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** `count` chunks of 1 MiB, each a different byte pattern, generated on demand (never one big buffer). */
async function* chunks(count: number, state: { pulled: number } = { pulled: 0 }) {
  for (let i = 0; i < count; i++) {
    state.pulled = i + 1;
    const chunk = Buffer.alloc(MiB);
    for (let j = 0; j < MiB; j += 4) chunk.writeUInt32LE((i * 2654435761 + j) >>> 0, j);
    yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

async function sha256OfStream(stream: NodeJS.ReadableStream): Promise<{ hex: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { hex: hash.digest("hex"), size };
}

describe("local object store: streaming puts", () => {
  it("stores a generated 50 MiB stream under its SHA-256 and reads it back as a stream", async () => {
    const root = await tempRoot();
    const store = createLocalObjectStore(root);
    const expected = createHash("sha256");
    for await (const c of chunks(50)) expected.update(c);
    const hex = expected.digest("hex");

    const result = await store.putStream(chunks(50));
    expect(result).toEqual({ ref: `sha256/${hex}`, size: 50 * MiB, created: true });
    expect(await sha256OfStream(store.openRead(result.ref))).toEqual({ hex, size: 50 * MiB });
    expect(await filesUnder(root)).toEqual([path.join("sha256", hex.slice(0, 2), hex)]);
  });

  it("gives the same ref for the same bytes from every source kind, and reports whether it created the object", async () => {
    const root = await tempRoot();
    const store = createLocalObjectStore(root);
    const bytes = Buffer.from("same bytes, same ref");
    const { ref } = await store.put(bytes);
    const fromNode = await store.putStream(Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]));
    const fromWeb = await store.putStream(new Blob([bytes]).stream());
    const fromIterable = await store.putStream((async function* () { yield new Uint8Array(bytes); })());
    for (const r of [fromNode, fromWeb, fromIterable]) expect(r).toEqual({ ref, size: bytes.length, created: false });

    const fresh = await store.putStream(Readable.from([Buffer.from("new")]));
    expect(fresh.created).toBe(true);
    expect((await store.putStream(Readable.from([Buffer.from("new")]))).created).toBe(false);
    expect((await store.get(fresh.ref)).toString()).toBe("new");
    expect((await filesUnder(root)).every((f) => !f.endsWith(".tmp"))).toBe(true);
  });

  it("aborts past maxBytes: stops reading the source, throws too_large and leaves nothing behind", async () => {
    const root = await tempRoot();
    const store = createLocalObjectStore(root);
    const state = { pulled: 0 };
    await expect(store.putStream(chunks(20, state), { maxBytes: 3 * MiB + 1 })).rejects.toMatchObject({
      code: "VALIDATION_ERROR",
      details: { reason: "too_large", limit: 3 * MiB + 1 },
    });
    expect(state.pulled).toBe(4);
    expect(await filesUnder(root)).toEqual([]);
    // Exactly at the limit is allowed.
    expect((await store.putStream(chunks(2), { maxBytes: 2 * MiB })).size).toBe(2 * MiB);
  });

  it("leaves no object and no temp file when the source fails mid-stream", async () => {
    const root = await tempRoot();
    const store = createLocalObjectStore(root);
    async function* failing() {
      yield* chunks(3);
      throw new Error("upstream reset");
    }
    await expect(store.putStream(failing())).rejects.toThrow("upstream reset");
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(1024));
        controller.error(new Error("web stream broke"));
      },
    });
    await expect(store.putStream(web)).rejects.toThrow("web stream broke");
    const node = new Readable({ read() {} });
    node.push(Buffer.alloc(4096));
    setTimeout(() => node.destroy(new Error("socket hang up")), 10);
    await expect(store.putStream(node)).rejects.toThrow("socket hang up");
    expect(await filesUnder(root)).toEqual([]);
  });

  it("putFile streams a file in; openRead refuses malformed refs and reports missing objects as NOT_FOUND", async () => {
    const root = await tempRoot();
    const store = createLocalObjectStore(root);
    const file = path.join(await tempRoot(), "report.json");
    await fs.writeFile(file, '{"ok":true}');
    const put = await store.putFile(file);
    expect(put).toEqual({ ref: (await store.put(Buffer.from('{"ok":true}'))).ref, size: 11, created: true });
    await expect(store.putFile(file, { maxBytes: 10 })).rejects.toMatchObject({ details: { reason: "too_large" } });
    await expect(store.putFile(path.join(root, "missing"))).rejects.toMatchObject({ code: "ENOENT" });

    expect(() => store.openRead("../../etc/passwd")).toThrow(expect.objectContaining({ code: "VALIDATION_ERROR" }));
    const missing = `sha256/${"0".repeat(64)}`;
    await expect(sha256OfStream(store.openRead(missing))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await filesUnder(root)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
