import { errors, type Response } from "playwright-core";
import { parseRetryAfter } from "./politeness";

/** Why a page audit failed (or was refused): the stable codes stored on `PageAuditResult.error`. */
export type PageErrorCode = "PAGE_TIMEOUT" | "PAGE_ERROR" | "HTTP_ERROR" | "URL_NOT_ALLOWED" | "BLOCKED";

/** Chromium net errors meaning the server answered, but not with usable HTTP (bad redirects, garbled responses). */
const HTTP_LEVEL = /net::ERR_(TOO_MANY_REDIRECTS|INVALID_REDIRECT|UNSAFE_REDIRECT|EMPTY_RESPONSE|INVALID_RESPONSE|INVALID_HTTP_RESPONSE|RESPONSE_HEADERS_\w+|HTTP2_\w+|CONTENT_\w+|INVALID_CHUNKED_ENCODING|INCOMPLETE_CHUNKED_ENCODING)/;

/**
 * Map a navigation/audit error to `{ code, message }`: Playwright `TimeoutError` → `PAGE_TIMEOUT`; a tunnel the policy
 * proxy refused (`blockedByPolicy`: the proxy refused a connection during this navigation) → `URL_NOT_ALLOWED`; an HTTP
 * authentication challenge Chromium could not answer (`ERR_INVALID_AUTH_CREDENTIALS`) → `BLOCKED` (the caller stores the
 * page as `blocked`); HTTP-level net errors → `HTTP_ERROR`; anything else (DNS, refused connection,
 * TLS, crash, download instead of a page) → `PAGE_ERROR`. The message is the first line only — Playwright appends
 * multi-line call logs.
 */
export function classifyPageError(e: unknown, { blockedByPolicy = false }: { blockedByPolicy?: boolean } = {}): { code: PageErrorCode; message: string } {
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 500);
  if (e instanceof errors.TimeoutError) return { code: "PAGE_TIMEOUT", message };
  if (blockedByPolicy && /ERR_TUNNEL_CONNECTION_FAILED|ERR_BLOCKED_BY_CLIENT/.test(message)) return { code: "URL_NOT_ALLOWED", message: "The URL policy refused this page's host (SITELINT_URL_ALLOWLIST/DENYLIST)." };
  // A 401 with `WWW-Authenticate` (Basic, Digest…): Chromium, given no credentials, ends the navigation here.
  if (/net::ERR_INVALID_AUTH_CREDENTIALS/.test(message)) return { code: "BLOCKED", message: HTTP_AUTH_WALL };
  if (HTTP_LEVEL.test(message)) return { code: "HTTP_ERROR", message };
  return { code: "PAGE_ERROR", message };
}

/** A 401 with an HTTP authentication challenge (RFC 9110 §11.6.1 `WWW-Authenticate`), however the browser reports it. */
const HTTP_AUTH_WALL = "The site answered 401 and asks for HTTP authentication (WWW-Authenticate): a login wall, so the page was not audited. This is not a broken page; scan with an auth profile.";

/** Statuses by which a server refuses an automated client rather than failing: auth walls and rate limits. */
export const BLOCKING_STATUSES: ReadonlySet<number> = new Set([401, 403, 429]);

/**
 * Bot-challenge markers, kept small and each documented by its vendor:
 * - Cloudflare: every Challenge Page response carries `cf-mitigated: challenge`
 *   (developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/); its
 *   interstitial is titled "Just a moment...".
 * - AWS WAF: Challenge and CAPTCHA actions answer with `x-amzn-waf-action: challenge | captcha` (and 202 / 405)
 *   (docs.aws.amazon.com/waf/latest/developerguide/waf-captcha-and-challenge-actions.html).
 * @param headers lower-cased names. @param title the document title, when known (pages; not link checks).
 * @returns a short description of the challenge, or `undefined`.
 */
export function challengeOf(headers: Record<string, string | undefined>, title: string | undefined, status: number): string | undefined {
  if (headers["cf-mitigated"]?.toLowerCase() === "challenge") return "a Cloudflare challenge (cf-mitigated: challenge)";
  const waf = headers["x-amzn-waf-action"]?.toLowerCase();
  if (waf === "challenge" || waf === "captcha") return `an AWS WAF ${waf} (x-amzn-waf-action)`;
  if (status >= 400 && title && /^just a moment(\.\.\.|…)$/i.test(title.trim())) return `a bot challenge page ("${title.trim()}")`;
  return undefined;
}

/**
 * Whether a page's document response means the site refused the crawler — kept apart from a broken page: 401/403/429,
 * 503 with `Retry-After` (a "come back later" throttle, RFC 9110 §15.6.4 / §10.2.3), or a WAF/bot challenge page.
 *
 * @param headers the response's headers, lower-cased names. @param now receipt time, ms since the epoch.
 * @returns `{ code: "BLOCKED", message, retryAfterMs? }` (`retryAfterMs` parsed from `Retry-After` on 429/503), or
 *   `undefined` for an ordinary response.
 */
export function blockedResponse(r: { status: number; headers: Record<string, string>; title?: string }, now = Date.now()): { code: "BLOCKED"; message: string; retryAfterMs?: number } | undefined {
  const challenge = challengeOf(r.headers, r.title, r.status);
  // Full Chromium ends such a navigation with ERR_INVALID_AUTH_CREDENTIALS (classifyPageError); the headless shell
  // renders the 401 answer instead: the same page, the same message.
  if (!challenge && r.status === 401 && r.headers["www-authenticate"]) return { code: "BLOCKED", message: HTTP_AUTH_WALL };
  const retryAfterMs = r.status === 429 || r.status === 503 ? parseRetryAfter(r.headers["retry-after"], now) : undefined;
  const why = challenge
    ? `The site answered ${r.status} with ${challenge}`
    : BLOCKING_STATUSES.has(r.status) || (r.status === 503 && retryAfterMs !== undefined)
      ? `The site answered ${r.status}${retryAfterMs !== undefined ? ` (Retry-After ${Math.round(retryAfterMs / 1000)} s)` : ""}`
      : undefined;
  if (!why) return undefined;
  return {
    code: "BLOCKED",
    message: `${why}: it refused the crawler (bot protection, a login wall or rate limiting), so the page was not audited. This is not a broken page; allowlist OmniAuditBot or scan with an auth profile.`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/**
 * The redirect hops a navigation followed before its final response, oldest first: `[{ url, status }]`, walking
 * `request().redirectedFrom()` (Playwright) back from the final response; at most 20 hops (Chromium's own limit).
 */
export async function redirectChainOf(response: Response): Promise<{ url: string; status: number }[]> {
  const hops: { url: string; status: number }[] = [];
  for (let req = response.request().redirectedFrom(); req && hops.length < 20; req = req.redirectedFrom()) {
    const status = (await req.response().catch(() => null))?.status() ?? 0;
    hops.unshift({ url: req.url(), status });
  }
  return hops;
}
