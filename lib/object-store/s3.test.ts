import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto/hash";
import { createS3ObjectStore } from "./s3";
import { createTestBucket, S3_MISSING, testS3, type TestBucket } from "./s3-test-support";
import type { ObjectStore } from "./types";

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts).toString();
}
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const ZEROS = "0".repeat(64);

describe.skipIf(!testS3)(`S3 object store against a real S3 server${testS3 ? "" : ` (${S3_MISSING})`}`, () => {
  let bucket: TestBucket;
  let other: TestBucket;
  let store: ObjectStore;
  beforeAll(async () => {
    [bucket, other] = await Promise.all([createTestBucket("store"), createTestBucket("foreign")]);
    store = createS3ObjectStore({ ...bucket.settings, prefix: "team/a", tmpDir: await fs.mkdtemp(path.join(os.tmpdir(), "oa-s3-")) });
  });
  afterAll(async () => Promise.all([bucket?.drop(), other?.drop()]));

  it("put / get / has / openRead / delete: s3:// refs under the prefix, keyed by SHA-256, with a sniffed Content-Type", async () => {
    const hex = sha256Hex("hello");
    const put = await store.put(Buffer.from("hello"));
    expect(put).toEqual({ ref: `s3://${bucket.name}/team/a/sha256/${hex}`, size: 5, created: true });
    expect((await store.get(put.ref)).toString()).toBe("hello");
    expect(await store.has(put.ref)).toBe(true);
    expect(await text(store.openRead(put.ref))).toBe("hello");
    expect((await bucket.list()).map((o) => o.Key)).toEqual([`team/a/sha256/${hex}`]);
    expect(await bucket.head(`team/a/sha256/${hex}`)).toMatchObject({ contentType: "text/plain; charset=utf-8", size: 5 });

    const png = await store.putStream(Readable.from([PNG.subarray(0, 4), PNG.subarray(4)]));
    expect(png.created).toBe(true);
    expect((await bucket.head(`team/a/sha256/${sha256Hex(PNG)}`)).contentType).toBe("image/png");
    // The local form of the same hash reads the same bytes (content-addressed): how migrated legacy refs resolve.
    expect((await store.get(`sha256/${hex}`)).toString()).toBe("hello");

    await store.delete(put.ref);
    expect(await store.has(put.ref)).toBe(false);
    await expect(store.get(put.ref)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await store.delete(put.ref); // absent: no error
  });

  it("same bytes → one object: a second put of any kind writes nothing (one key, LastModified and ETag unchanged)", async () => {
    const bytes = Buffer.from(`immutable ${Date.now()}`);
    const first = await store.put(bytes);
    const key = first.ref.slice(`s3://${bucket.name}/`.length);
    const before = (await bucket.list(key))[0]!;
    await new Promise((r) => setTimeout(r, 1100)); // LastModified has 1 s resolution: a rewrite would show
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "oa-s3-file-")), "same.bin");
    await fs.writeFile(file, bytes);
    const again = [await store.put(bytes), await store.putStream(new Blob([bytes]).stream()), await store.putFile(file)];
    for (const r of again) expect(r).toEqual({ ref: first.ref, size: bytes.length, created: false });
    const after = await bucket.list(key);
    expect(after).toHaveLength(1);
    expect(after[0]!.LastModified).toEqual(before.LastModified);
    expect(after[0]!.ETag).toBe(before.ETag);

    // Two writers of new bytes at once: both get the same ref; If-None-Match (or HEAD-then-PUT) keeps it one object.
    const fresh = Buffer.from(`concurrent ${Date.now()}`);
    const both = await Promise.all([store.putStream(Readable.from([fresh])), store.putStream(Readable.from([fresh]))]);
    expect(both[0].ref).toBe(both[1].ref);
    expect(await bucket.list(both[0].ref.slice(`s3://${bucket.name}/`.length))).toHaveLength(1);
  });

  it("a ref that exists nowhere is NOT_FOUND in both forms; a malformed ref is VALIDATION_ERROR", async () => {
    for (const ref of [`s3://${bucket.name}/team/a/sha256/${ZEROS}`, `sha256/${ZEROS}`]) {
      await expect(store.get(ref)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(text(store.openRead(ref))).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(store.presignGet(ref, 60)).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(await store.has(ref)).toBe(false);
    }
    for (const ref of ["../../etc/passwd", `s3://${bucket.name}/../sha256/${ZEROS}`, `s3://${bucket.name}/team/a/sha256/${"AB".repeat(32)}`]) {
      await expect(store.get(ref)).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
      expect(() => store.openRead(ref)).toThrow(expect.objectContaining({ code: "VALIDATION_ERROR" }));
    }
  });

  it("refuses refs naming another bucket or prefix, even when that object exists and the credentials could read it", async () => {
    const foreign = createS3ObjectStore({ ...other.settings, tmpDir: os.tmpdir() });
    const theirs = await foreign.put(Buffer.from("someone else's evidence"));
    const ours = await store.put(Buffer.from("someone else's evidence"));
    const otherPrefix = ours.ref.replace("/team/a/", "/team/b/");
    for (const ref of [theirs.ref, otherPrefix, ours.ref.replace("/team/a/", "/")]) {
      await expect(store.get(ref)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(text(store.openRead(ref))).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(store.presignGet(ref, 60)).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(await store.has(ref)).toBe(false);
      await store.delete(ref);
    }
    expect(await foreign.has(theirs.ref)).toBe(true); // delete never touched the other bucket
  });

  it("presigned GET: a plain fetch of the URL returns the bytes with the stored type, and the URL expires", async () => {
    const { ref } = await store.put(PNG);
    const url = await store.presignGet(ref, 60);
    expect(url).toMatch(new RegExp(`^${testS3!.endpoint}/${bucket.name}/team/a/sha256/${sha256Hex(PNG)}\\?.*X-Amz-Signature=`));
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

    const short = await store.presignGet(ref, 1);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(short!)).status).toBe(403);
  });
});
