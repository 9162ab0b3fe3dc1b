import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { objectResponse } from "./object-response";
import { createS3ObjectStore } from "./s3";
import { createTestBucket, S3_MISSING, testS3, testSettings, type TestBucket } from "./s3-test-support";

const SLOW_DOWN = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

/**
 * A tiny HTTP proxy in front of the test gateway that misbehaves on chosen requests: answers 503 SlowDown, or resets
 * the connection; everything else is forwarded unchanged (the Host header too, so SigV4 signatures stay valid).
 */
async function faultProxy(target: string, fault: (req: http.IncomingMessage, n: number) => "slowdown" | "reset" | null) {
  const upstream = new URL(target);
  const seen = { requests: 0, faults: 0, methods: [] as string[] };
  const server = http.createServer((req, res) => {
    const n = seen.requests++;
    seen.methods.push(req.method!);
    const f = fault(req, n);
    if (f) {
      seen.faults++;
      if (f === "reset") return void req.socket.destroy();
      req.resume(); // read the body first, as a server would, so the client sees the answer rather than EPIPE
      return void req.on("end", () => res.writeHead(503, { "content-type": "application/xml", "content-length": Buffer.byteLength(SLOW_DOWN) }).end(SLOW_DOWN));
    }
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode!, r.headers);
      r.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

describe.skipIf(!testS3)(`S3 transient faults: SDK retries, then a clean UPSTREAM_ERROR${testS3 ? "" : ` (${S3_MISSING})`}`, () => {
  let bucket: TestBucket;
  beforeAll(async () => {
    bucket = await createTestBucket("faults");
  });
  afterAll(async () => bucket?.drop());
  const storeVia = (endpoint: string, maxAttempts = 4) => createS3ObjectStore({ ...testSettings(bucket.name, { endpoint, maxAttempts }), tmpDir: os.tmpdir() });

  it("503 SlowDown twice, then the gateway: the put succeeds after retries", async () => {
    const proxy = await faultProxy(testS3!.endpoint, (_req, n) => (n < 2 ? "slowdown" : null));
    const put = await storeVia(proxy.url).put(Buffer.from("retried after SlowDown"));
    expect(put.created).toBe(true);
    expect(proxy.seen.faults).toBe(2);
    expect((await storeVia(testS3!.endpoint).get(put.ref)).toString()).toBe("retried after SlowDown");
    await proxy.close();
  });

  it("the upload itself answered 503 SlowDown twice (not just the HEAD before it): retried with the same body", async () => {
    let puts = 0;
    const proxy = await faultProxy(testS3!.endpoint, (req) => (req.method === "PUT" && puts++ < 2 ? "slowdown" : null));
    const bytes = Buffer.from(`PUT retried ${Date.now()}`);
    const put = await storeVia(proxy.url).put(bytes);
    expect(proxy.seen.methods.filter((m) => m === "PUT")).toHaveLength(3);
    expect((await storeVia(testS3!.endpoint).get(put.ref)).equals(bytes)).toBe(true);
    await proxy.close();
  });

  it("a connection reset is retried too", async () => {
    const proxy = await faultProxy(testS3!.endpoint, (_req, n) => (n === 0 ? "reset" : null));
    const put = await storeVia(proxy.url).put(Buffer.from("retried after a reset"));
    expect((await storeVia(proxy.url).get(put.ref)).toString()).toBe("retried after a reset");
    expect(proxy.seen.faults).toBe(1);
    await proxy.close();
  });

  it("503 forever: after S3_MAX_ATTEMPTS a clean UPSTREAM_ERROR (no SDK text) for puts, reads and the object route", async () => {
    const proxy = await faultProxy(testS3!.endpoint, () => "slowdown");
    const store = storeVia(proxy.url, 3);
    const ref = `s3://${bucket.name}/sha256/${"1".repeat(64)}`;
    const failures = await Promise.all([
      store.put(Buffer.from("never stored")).catch((e: unknown) => e),
      store.get(ref).catch((e: unknown) => e),
      store.has(ref).catch((e: unknown) => e),
      objectResponse(store, ref).catch((e: unknown) => e),
    ]);
    for (const e of failures) {
      expect(isAppError(e) && e.code, String(e)).toBe("UPSTREAM_ERROR");
      expect((e as Error).message).toMatch(/^Object storage request failed: S3 (HeadObject|GetObject) \(HTTP 503\) after 3 attempt\(s\)\.$/);
      expect((e as Error).message).not.toMatch(/SlowDown|reduce your request rate/i);
      expect((e as { details?: unknown }).details).toMatchObject({ attempts: 3, status: 503 });
    }
    expect(proxy.seen.requests).toBe(12); // 4 operations × 3 attempts
    await proxy.close();
  }, 60_000);
});
