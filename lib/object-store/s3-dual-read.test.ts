import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto/hash";
import { createDualReadObjectStore } from "./dual-read";
import { createLocalObjectStore } from "./local";
import { migrateLocalObjects, type MigrationStep } from "./migrate-local-objects";
import { objectResponse } from "./object-response";
import { createS3ObjectStore } from "./s3";
import { createTestBucket, S3_MISSING, testS3, type TestBucket } from "./s3-test-support";
import type { ObjectStore } from "./types";

const ZEROS = "0".repeat(64);

describe.skipIf(!testS3)(`S3 backend with dual-read of local refs${testS3 ? "" : ` (${S3_MISSING})`}`, () => {
  let bucket: TestBucket;
  let root: string;
  let local: ObjectStore;
  let s3: ObjectStore;
  let store: ObjectStore;
  beforeAll(async () => {
    bucket = await createTestBucket("dual");
    root = await fs.mkdtemp(path.join(os.tmpdir(), "oa-dual-"));
    local = createLocalObjectStore(path.join(root, "objects"));
    s3 = createS3ObjectStore({ ...bucket.settings, prefix: "omniaudit", tmpDir: path.join(root, "tmp") });
    store = createDualReadObjectStore({ s3, local });
  });
  afterAll(async () => bucket?.drop());

  it("reads a pre-existing local object by its legacy ref, writes new objects to S3 only", async () => {
    const legacy = await local.put(Buffer.from('{"receipt":"written before S3"}'));
    expect(legacy.ref).toMatch(/^sha256\/[0-9a-f]{64}$/);
    expect((await store.get(legacy.ref)).toString()).toBe('{"receipt":"written before S3"}');
    expect(await store.has(legacy.ref)).toBe(true);
    const res = await objectResponse(store, legacy.ref);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.text()).toBe('{"receipt":"written before S3"}');

    const fresh = await store.put(Buffer.from("written in s3 mode"));
    expect(fresh.ref).toBe(`s3://${bucket.name}/omniaudit/sha256/${sha256Hex("written in s3 mode")}`);
    expect(await local.has(`sha256/${sha256Hex("written in s3 mode")}`)).toBe(false);
    expect((await bucket.list()).map((o) => o.Key)).toEqual([`omniaudit/sha256/${sha256Hex("written in s3 mode")}`]);
    expect(await (await objectResponse(store, fresh.ref)).text()).toBe("written in s3 mode");
  });

  it("a ref that exists nowhere is NOT_FOUND in both forms (never a 500)", async () => {
    for (const ref of [`sha256/${ZEROS}`, `s3://${bucket.name}/omniaudit/sha256/${ZEROS}`]) {
      await expect(store.get(ref)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(objectResponse(store, ref)).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(await store.has(ref)).toBe(false);
    }
    await expect(objectResponse(store, `s3://${bucket.name}-not/omniaudit/sha256/${ZEROS}`)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("streams large objects through the route without a Content-Length; presign redirects S3 refs only", async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, "a");
    const { ref } = await store.put(big);
    const res = await objectResponse(store, ref);
    expect(res.headers.get("content-length")).toBeNull();
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);

    const redirect = await objectResponse(store, ref, { presignSeconds: 30 });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("cache-control")).toBe("no-store");
    const followed = await fetch(redirect.headers.get("location")!);
    expect(Buffer.from(await followed.arrayBuffer()).equals(big)).toBe(true);
    const legacy = await local.put(Buffer.from("local bytes"));
    expect((await objectResponse(store, legacy.ref, { presignSeconds: 30 })).status).toBe(200);
    await expect(objectResponse(store, `s3://${bucket.name}/omniaudit/sha256/${ZEROS}`, { presignSeconds: 30 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("objects:migrate copies local objects with verified hashes, resumes, flags corrupt files; legacy refs then read from S3", async () => {
    const mroot = path.join(root, "migrate");
    const src = createLocalObjectStore(mroot);
    const refs = [(await src.put(Buffer.from("one"))).ref, (await src.put(Buffer.from("two"))).ref];
    const corrupt = `sha256/${sha256Hex("three")}`;
    await fs.mkdir(path.join(mroot, "sha256", corrupt.slice(7, 9)), { recursive: true });
    await fs.writeFile(path.join(mroot, "sha256", corrupt.slice(7, 9), corrupt.slice(7)), "not three");
    await fs.writeFile(path.join(mroot, "sha256", ".put-abc.tmp"), "stray temp file");
    const target = createS3ObjectStore({ ...bucket.settings, prefix: "migrated", tmpDir: path.join(root, "tmp") });

    const steps: MigrationStep[] = [];
    const first = await migrateLocalObjects({ localRoot: mroot, target, onProgress: (s) => steps.push(s) });
    expect(first).toMatchObject({ total: 3, copied: 2, present: 0, failed: 1, bytesCopied: 6 });
    expect(steps.map((s) => [s.index, s.total])).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(steps.find((s) => s.ref === corrupt)).toMatchObject({ outcome: "failed", error: expect.stringMatching(/does not hash to its name/) });
    expect(await target.has(`sha256/${sha256Hex("not three")}`)).toBe(false); // the corrupt bytes were not left in S3

    const again = await migrateLocalObjects({ localRoot: mroot, target });
    expect(again).toMatchObject({ total: 3, copied: 0, present: 2, failed: 1 });

    await fs.rm(mroot, { recursive: true });
    const after = createDualReadObjectStore({ s3: target, local: createLocalObjectStore(mroot) });
    expect((await after.get(refs[0]!)).toString()).toBe("one");
    expect(await (await objectResponse(after, refs[1]!)).text()).toBe("two");
  });
});
