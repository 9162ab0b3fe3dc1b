// Test support for the S3 tests (not shipped code): the S3-compatible server `npm test` starts (scripts/ceph-rgw.sh)
// is handed over as OMNIAUDIT_TEST_S3_* — test-harness variables, read here rather than through lib/env.ts, like
// e2e/support/corpus.ts reads the corpus location.
import { randomBytes } from "node:crypto";
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, type _Object } from "@aws-sdk/client-s3";
import type { S3Settings } from "@/lib/env";
import { s3ClientConfig } from "./s3-client-config";

/** Endpoint and credentials of the test S3 server; undefined when none was started. */
export const testS3 = process.env.OMNIAUDIT_TEST_S3_ENDPOINT
  ? {
      endpoint: process.env.OMNIAUDIT_TEST_S3_ENDPOINT,
      accessKeyId: process.env.OMNIAUDIT_TEST_S3_ACCESS_KEY_ID ?? "",
      secretAccessKey: process.env.OMNIAUDIT_TEST_S3_SECRET_ACCESS_KEY ?? "",
      region: process.env.OMNIAUDIT_TEST_S3_REGION || "us-east-1",
    }
  : undefined;

/** Why S3 tests skip. */
export const S3_MISSING =
  "skipped: no S3 test server (OMNIAUDIT_TEST_S3_ENDPOINT unset). `npm test` starts Ceph RGW with scripts/ceph-rgw.sh when Debian's radosgw is installed (.ci/run installs it) and it runs as root";

if (!testS3) console.log(`S3 tests ${S3_MISSING}`);

/** A bucket of the test server's own for one test file: its settings (path-style, static keys), a client, helpers. */
export type TestBucket = {
  name: string;
  settings: S3Settings;
  client: S3Client;
  /** Every object under `prefix` (all when omitted). */
  list(prefix?: string): Promise<_Object[]>;
  /** Content-Type and size of a key. */
  head(key: string): Promise<{ contentType?: string; size?: number; etag?: string }>;
  /** Empty and delete the bucket. */
  drop(): Promise<void>;
};

/** Settings for the test server (`overrides` win), e.g. another endpoint (a fault proxy) or checksum mode. */
export function testSettings(bucket: string, overrides: Partial<S3Settings> = {}): S3Settings {
  if (!testS3) throw new Error(S3_MISSING);
  return {
    bucket,
    prefix: "",
    endpoint: testS3.endpoint,
    forcePathStyle: true,
    region: testS3.region,
    credentials: { accessKeyId: testS3.accessKeyId, secretAccessKey: testS3.secretAccessKey },
    checksums: "when_required",
    maxAttempts: 4,
    ...overrides,
  };
}

/** Create a fresh bucket `oa-<label>-<random>` on the test server. */
export async function createTestBucket(label: string): Promise<TestBucket> {
  const name = `oa-${label}-${randomBytes(4).toString("hex")}`;
  const settings = testSettings(name);
  const client = new S3Client(s3ClientConfig(settings));
  await client.send(new CreateBucketCommand({ Bucket: name }));
  const list = async (prefix?: string) => {
    const out: _Object[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: name, Prefix: prefix, ContinuationToken: token }));
      out.push(...(page.Contents ?? []));
      token = page.NextContinuationToken;
    } while (token);
    return out;
  };
  return {
    name,
    settings,
    client,
    list,
    async head(key) {
      const r = await client.send(new HeadObjectCommand({ Bucket: name, Key: key }));
      return { contentType: r.ContentType, size: r.ContentLength, etag: r.ETag };
    },
    async drop() {
      // One DeleteObject each: DeleteObjects needs a Content-MD5 that SDK ≥ 3.729 no longer sends, which older servers require.
      for (const o of await list()) await client.send(new DeleteObjectCommand({ Bucket: name, Key: o.Key! }));
      await client.send(new DeleteBucketCommand({ Bucket: name }));
      client.destroy();
    },
  };
}
