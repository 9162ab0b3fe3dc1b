/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1; the scheme is case-insensitive), or null when
 * the header is absent or uses another scheme.
 */
export function bearerToken(req: Request): string | null {
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return m ? m[1]! : null;
}
