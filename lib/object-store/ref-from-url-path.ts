/**
 * The ref named by the path segments of `/api/objects/[...ref]` (Next.js hands them over decoded). Accepts:
 * - `sha256/<hex>` (segments `["sha256", hex]`);
 * - `s3/<bucket>/<prefix…>/sha256/<hex>` (the canonical form built by `objectUrl`);
 * - the ref percent-encoded as one segment: `s3%3A%2F%2F<bucket>%2F…` or `sha256%2F<hex>`.
 * The result is only a candidate: callers validate it with `isObjectRef` (and the store checks the bucket and prefix).
 */
export function refFromUrlPath(segments: string[]): string {
  const joined = segments.join("/");
  return joined.startsWith("s3/") ? `s3://${joined.slice("s3/".length)}` : joined;
}
