import { createHash } from "node:crypto";
import type { OperatorClient } from "./operator";
import { keptHeaders, type Recorder } from "./recorder";

/** The `<hex>` of a content-addressed ref: `sha256/<hex>` (local) or `s3://<bucket>/<prefix>/sha256/<hex>`. */
export function refDigest(ref: string): string | undefined {
  return /(?:^|\/)sha256\/([0-9a-f]{64})$/.exec(ref)?.[1];
}

/** Whether `ref` has the form new writes must get with the expected object store. */
export function refMatchesStore(ref: string, store: "s3" | "local"): boolean {
  return store === "s3" ? /^s3:\/\/[a-z0-9.-]{3,63}\/(?:[^\s]+\/)?sha256\/[0-9a-f]{64}$/.test(ref) : /^sha256\/[0-9a-f]{64}$/.test(ref);
}

/** The route serving `ref`, as the console links it: `/api/objects/sha256/<hex>` or `/api/objects/s3/<bucket>/…`. */
export function objectPath(ref: string): string {
  const path = ref.startsWith("s3://") ? `s3/${ref.slice("s3://".length)}` : ref;
  return `/api/objects/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/**
 * Fetch an object as the operator through `/api/objects/<ref>` and check that its bytes hash to the ref's digest
 * (objects are content-addressed, so the right bytes are the only ones that match).
 * @returns the size in bytes and the content type served.
 * @throws Error saying what came back when the status is not 200 or the digest differs.
 */
export async function assertObjectServed(op: OperatorClient, rec: Recorder, ref: string): Promise<{ bytes: number; content_type: string | null }> {
  const digest = refDigest(ref);
  if (!digest) throw new Error(`${ref} is not a content-addressed ref (…sha256/<64 hex>)`);
  const url = objectPath(ref);
  const res = await op.fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  rec.record("object", { request: { method: "GET", url }, status: res.status, headers: keptHeaders(res.headers), body: res.ok ? `${body.length} bytes, sha256 ${createHash("sha256").update(body).digest("hex")}` : body.toString("utf8").slice(0, 2000) });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.toString("utf8").slice(0, 300)}`);
  const got = createHash("sha256").update(body).digest("hex");
  if (got !== digest) throw new Error(`GET ${url} served bytes with sha256 ${got}, not ${digest}`);
  return { bytes: body.length, content_type: res.headers.get("content-type") };
}
