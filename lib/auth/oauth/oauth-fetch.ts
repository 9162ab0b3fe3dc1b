import type { McpOAuthSettings } from "@/lib/env";
import { readTextLimited } from "@/lib/net/guarded-fetch";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { assertPolicyEntries } from "@/lib/net/url-policy";

/** Largest metadata or JWKS document read from the authorization server, bytes (real ones are a few kB). */
export const OAUTH_DOCUMENT_MAX_BYTES = 256 * 1024;
/** How long one metadata or JWKS request may take, milliseconds (jose's own JWKS default). */
export const OAUTH_FETCH_TIMEOUT_MS = 5_000;

/** A GET to the authorization server: the answer's status, content type and (bounded) body, as a web `Response`. */
export type OAuthFetch = (url: string, init?: { headers?: HeadersInit; signal?: AbortSignal }) => Promise<Response>;

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The one way lib/auth/oauth reaches the authorization server (its RFC 8414 / OpenID Connect metadata and its JWKS):
 * lib/net's guarded fetch under `MCP_OAUTH_URL_ALLOWLIST` — public addresses only unless allowlisted, checked after
 * DNS on every connection, like every outbound request of ours. Redirects are not followed (`manual`: a 3xx is an
 * unusable answer, as jose does for JWKS), bodies are cut at {@link OAUTH_DOCUMENT_MAX_BYTES}, and a request without
 * a signal gets {@link OAUTH_FETCH_TIMEOUT_MS}. No credentials are ever sent: these documents are public.
 * @throws Error naming MCP_OAUTH_URL_ALLOWLIST when one of its entries does not parse (at creation, i.e. on the first
 *   authenticated request); the returned function rejects with fetch's `TypeError` when the policy refuses the
 *   connection or the network fails, and with an Error when the body is too large.
 */
export function createOAuthFetch(settings: Pick<McpOAuthSettings, "urlPolicy">): OAuthFetch {
  assertPolicyEntries(settings.urlPolicy);
  const net = createNetworkGuard({ policy: settings.urlPolicy });
  return async (url, init = {}) => {
    const res = await net.fetch(url, {
      method: "GET",
      headers: Object.fromEntries(new Headers(init.headers)),
      redirect: "manual",
      signal: init.signal ?? AbortSignal.timeout(OAUTH_FETCH_TIMEOUT_MS),
    });
    const { text, truncated } = await readTextLimited(res, OAUTH_DOCUMENT_MAX_BYTES);
    if (truncated) throw new Error(`the answer from ${new URL(url).origin} is larger than ${OAUTH_DOCUMENT_MAX_BYTES} bytes`);
    return new Response(NULL_BODY.has(res.status) ? null : text, { status: res.status, headers: { "content-type": res.headers.get("content-type") ?? "" } });
  };
}
