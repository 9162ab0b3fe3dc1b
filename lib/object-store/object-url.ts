/**
 * The console URL (path) that serves an object through `GET /api/objects/…`, for both ref forms:
 * - `sha256/<hex>` → `/api/objects/sha256/<hex>`;
 * - `s3://<bucket>/<prefix>/sha256/<hex>` → `/api/objects/s3/<bucket>/<prefix>/sha256/<hex>` (the `s3://` scheme
 *   becomes a plain `s3` segment, so no percent-encoding is needed and proxies don't fold the `//`).
 * The route also accepts the whole ref percent-encoded as one segment (`encodeURIComponent(ref)`); see
 * {@link refFromUrlPath}. Pure: safe in components.
 * @param ref a well-formed ref (see `parseObjectRef`); anything else is returned as-is after the prefix, and the route
 *   answers it with 400.
 */
export function objectUrl(ref: string): string {
  return `/api/objects/${ref.startsWith("s3://") ? `s3/${ref.slice("s3://".length)}` : ref}`;
}
