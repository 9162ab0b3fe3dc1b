import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { createS3ObjectStore } from "./s3";
import { s3ClientConfig } from "./s3-client-config";
import { createTestBucket, S3_MISSING, testS3, testSettings, type TestBucket } from "./s3-test-support";

const MiB = 1024 * 1024;
const base = { bucket: "b", prefix: "", forcePathStyle: true, region: "us-east-1", maxAttempts: 4 } as const;

describe("S3_CHECKSUMS → the SDK's checksum settings", () => {
  it("maps when_required / when_supported onto requestChecksumCalculation and responseChecksumValidation", async () => {
    for (const [mode, sdk] of [["when_required", "WHEN_REQUIRED"], ["when_supported", "WHEN_SUPPORTED"]] as const) {
      const config = s3ClientConfig({ ...base, checksums: mode });
      expect(config).toMatchObject({ requestChecksumCalculation: sdk, responseChecksumValidation: sdk, maxAttempts: 4, retryMode: "standard" });
      const client = new S3Client(config);
      expect(await client.config.requestChecksumCalculation()).toBe(sdk);
      expect(await client.config.responseChecksumValidation()).toBe(sdk);
      client.destroy();
    }
    expect(s3ClientConfig({ ...base, checksums: "when_required" }).credentials).toBeUndefined(); // → default chain
  });
});

/** 20 MiB in 1 MiB chunks: a streamed, multipart-sized upload. */
async function* twentyMiB(seed: number) {
  for (let i = 0; i < 20; i++) yield Buffer.alloc(MiB, (seed + i) % 251);
}
const expected = (seed: number) => Buffer.concat(Array.from({ length: 20 }, (_, i) => Buffer.alloc(MiB, (seed + i) % 251)));

describe.skipIf(!testS3)(`S3 checksum modes against the real server${testS3 ? "" : ` (${S3_MISSING})`}`, () => {
  let bucket: TestBucket;
  let tmpDir: string;
  beforeAll(async () => {
    bucket = await createTestBucket("checksums");
    tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), "oa-s3-ck-"));
  });
  afterAll(async () => bucket?.drop());

  /** A store whose client records the checksum headers of every upload request. */
  function recordingStore(checksums: "when_required" | "when_supported", prefix: string) {
    const settings = testSettings(bucket.name, { checksums, prefix });
    const client = new S3Client(s3ClientConfig(settings));
    const seen: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
        seen.push(...Object.keys(headers).filter((h) => /^x-amz-(checksum-|sdk-checksum|trailer)/i.test(h) || (h.toLowerCase() === "content-encoding" && /aws-chunked/.test(headers[h]!))));
        return next(args);
      },
      { step: "finalizeRequest", name: "recordChecksumHeaders" },
    );
    return { store: createS3ObjectStore({ ...settings, tmpDir, client }), seen };
  }

  it("when_required (the default) sends no checksum headers or aws-chunked trailers, and round-trips single and multipart puts", async () => {
    const { store, seen } = recordingStore("when_required", "required");
    const small = await store.put(Buffer.from("checksum mode: when_required"));
    const big = await store.putStream(Readable.from(twentyMiB(1)));
    expect(big.size).toBe(20 * MiB);
    expect((await store.get(small.ref)).toString()).toBe("checksum mode: when_required");
    expect((await store.get(big.ref)).equals(expected(1))).toBe(true);
    expect(seen).toEqual([]);
  });

  it("when_supported sends the SDK's CRC32 checksums; the server either accepts them or the put fails cleanly (UPSTREAM_ERROR)", async () => {
    const { store, seen } = recordingStore("when_supported", "supported");
    const outcomes: string[] = [];
    for (const [label, put] of [["single", () => store.put(Buffer.from("checksum mode: when_supported"))], ["multipart", () => store.putStream(Readable.from(twentyMiB(2)))]] as const) {
      try {
        const r = await put();
        expect((await store.get(r.ref)).byteLength).toBe(r.size);
        outcomes.push(`${label}: ok`);
      } catch (e) {
        expect(isAppError(e) && e.code).toBe("UPSTREAM_ERROR");
        expect((e as Error).message).toMatch(/^Object storage request failed: S3 \w+ \(HTTP \d{3}\) after \d attempt\(s\)\.$/);
        outcomes.push(`${label}: refused (${(e as Error).message})`);
      }
    }
    expect(seen.some((h) => /checksum/i.test(h))).toBe(true);
    console.log(`S3_CHECKSUMS=when_supported against ${testS3!.endpoint}: ${outcomes.join("; ")}`);
  });

  it("a raw streamed PutObject (the case the store avoids: it uploads buffered parts) works with when_required; when_supported uses aws-chunked trailers", async () => {
    const outcomes: Record<string, string> = {};
    for (const mode of ["when_required", "when_supported"] as const) {
      const client = new S3Client(s3ClientConfig(testSettings(bucket.name, { checksums: mode, maxAttempts: 1 })));
      const trailer: string[] = [];
      client.middlewareStack.add(
        (next) => async (args) => {
          const h = (args.request as { headers?: Record<string, string> }).headers ?? {};
          if (h["x-amz-trailer"]) trailer.push(h["x-amz-trailer"]);
          return next(args);
        },
        { step: "finalizeRequest", name: "recordTrailer" },
      );
      const Body = Readable.from([Buffer.from(`raw stream, ${mode}`)]);
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket.name, Key: `raw/${mode}`, Body, ContentLength: `raw stream, ${mode}`.length }));
        outcomes[mode] = "ok";
      } catch (e) {
        outcomes[mode] = `refused: HTTP ${(e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode} ${(e as Error).name}`;
      }
      outcomes[mode] += trailer.length ? ` (trailer ${trailer.join(",")})` : " (no trailer)";
      client.destroy();
    }
    console.log(`raw streamed PutObject against ${testS3!.endpoint}: ${JSON.stringify(outcomes)}`);
    expect(outcomes.when_required).toBe("ok (no trailer)");
    expect(outcomes.when_supported).toMatch(/trailer x-amz-checksum-crc32/);
  });
});
