import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3ObjectStore } from "./s3";
import { createTestBucket, S3_MISSING, testS3, type TestBucket } from "./s3-test-support";

const MiB = 1024 * 1024;
const SIZE_MIB = 100;

/** `count` MiB of a non-repeating pattern, generated chunk by chunk (never one big buffer). */
function* pattern(count: number) {
  for (let i = 0; i < count; i++) {
    const chunk = Buffer.alloc(MiB);
    for (let j = 0; j < MiB; j += 4) chunk.writeUInt32LE((i * 2654435761 + j * 40503) >>> 0, j);
    yield chunk;
  }
}

describe.skipIf(!testS3)(`S3 multipart upload of a ${SIZE_MIB} MiB object${testS3 ? "" : ` (${S3_MISSING})`}`, () => {
  let bucket: TestBucket;
  let dir: string;
  beforeAll(async () => {
    bucket = await createTestBucket("multipart");
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "oa-s3-mp-"));
  });
  afterAll(async () => {
    await bucket?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it("streams a generated 100 MiB file up in 8 MiB parts without holding it in memory, and reads it back intact", async () => {
    const file = path.join(dir, "big.bin");
    const hash = createHash("sha256");
    await pipeline(Readable.from(pattern(SIZE_MIB)).on("data", (c: Buffer) => hash.update(c)), createWriteStream(file));
    const hex = hash.digest("hex");
    const store = createS3ObjectStore({ ...bucket.settings, prefix: "mp", tmpDir: dir });

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 20);
    const baseline = process.memoryUsage().arrayBuffers;
    const started = performance.now();
    const put = await store.putFile(file);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const mbps = SIZE_MIB / seconds;
    console.log(`S3 multipart putFile: ${SIZE_MIB} MiB in ${seconds.toFixed(2)} s = ${mbps.toFixed(1)} MiB/s (hash pass + upload, 8 MiB parts × 4 in flight, Ceph RGW on loopback); peak buffers +${((peak - baseline) / MiB).toFixed(0)} MiB`);

    expect(put).toEqual({ ref: `s3://${bucket.name}/mp/sha256/${hex}`, size: SIZE_MIB * MiB, created: true });
    const [obj] = await bucket.list("mp/");
    expect(obj!.Size).toBe(SIZE_MIB * MiB);
    expect(obj!.ETag).toMatch(/-13"$/); // a multipart ETag: ceil(100 / 8) = 13 parts
    expect(peak - baseline).toBeLessThan(SIZE_MIB * MiB); // never the whole object in memory

    const back = createHash("sha256");
    let size = 0;
    for await (const chunk of store.openRead(put.ref) as AsyncIterable<Buffer>) {
      back.update(chunk);
      size += chunk.length;
    }
    expect({ hex: back.digest("hex"), size }).toEqual({ hex, size: SIZE_MIB * MiB });

    // The same bytes again, as a stream this time (spooled and hashed): no new upload.
    expect(await store.putStream(Readable.from(pattern(SIZE_MIB)))).toEqual({ ...put, created: false });
    await store.delete(put.ref);
  }, 180_000);
});
