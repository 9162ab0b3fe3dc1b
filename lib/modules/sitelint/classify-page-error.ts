import { errors } from "playwright-core";

/** Why a page audit failed: the stable codes stored on `PageAuditResult.error`. */
export type PageErrorCode = "PAGE_TIMEOUT" | "PAGE_ERROR" | "HTTP_ERROR" | "URL_NOT_ALLOWED";

/** Chromium net errors meaning the server answered, but not with usable HTTP (bad redirects, garbled responses). */
const HTTP_LEVEL = /net::ERR_(TOO_MANY_REDIRECTS|INVALID_REDIRECT|UNSAFE_REDIRECT|EMPTY_RESPONSE|INVALID_RESPONSE|INVALID_HTTP_RESPONSE|RESPONSE_HEADERS_\w+|HTTP2_\w+|CONTENT_\w+|INVALID_CHUNKED_ENCODING|INCOMPLETE_CHUNKED_ENCODING)/;

/**
 * Map a navigation/audit error to `{ code, message }`: Playwright `TimeoutError` → `PAGE_TIMEOUT`; a tunnel the policy
 * proxy refused (`blockedByPolicy`: the proxy refused a connection during this navigation) → `URL_NOT_ALLOWED`; HTTP-level net errors → `HTTP_ERROR`; anything else (DNS, refused connection,
 * TLS, crash, download instead of a page) → `PAGE_ERROR`. The message is the first line only — Playwright appends
 * multi-line call logs.
 */
export function classifyPageError(e: unknown, { blockedByPolicy = false }: { blockedByPolicy?: boolean } = {}): { code: PageErrorCode; message: string } {
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 500);
  if (e instanceof errors.TimeoutError) return { code: "PAGE_TIMEOUT", message };
  if (blockedByPolicy && /ERR_TUNNEL_CONNECTION_FAILED|ERR_BLOCKED_BY_CLIENT/.test(message)) return { code: "URL_NOT_ALLOWED", message: "The URL policy refused this page's host (SITELINT_URL_ALLOWLIST/DENYLIST)." };
  if (HTTP_LEVEL.test(message)) return { code: "HTTP_ERROR", message };
  return { code: "PAGE_ERROR", message };
}
