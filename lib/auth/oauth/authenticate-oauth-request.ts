import { bearerAuthChallengeResponse, OAuthError, OAuthErrorCode, verifyBearerToken, type OAuthTokenVerifier } from "@modelcontextprotocol/server";
import type { Env, McpOAuthSettings } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { bearerToken } from "../bearer-token";
import { createIssuerKeyResolver } from "./issuer-key-resolver";
import { createJwtAccessTokenVerifier } from "./jwt-access-token-verifier";
import { createOAuthFetch } from "./oauth-fetch";
import { protectedResourceMetadataUrl } from "./protected-resource-metadata";

/** Prefix of OAuth principals: `oauth:<sub>` never equals an API-key owner such as `alice` (docs/oauth.md). */
export const OAUTH_PRINCIPAL_PREFIX = "oauth:";

/** Why a request was refused, for the caller to send: HTTP status, a one-line message, the challenge header. */
export type OAuthRefusal = { status: 401 | 403 | 503; message: string; headers: Record<string, string>; reason: string };

let current: { key: string; verifier: OAuthTokenVerifier } | undefined;

/** One verifier (and JWKS cache) per configuration, for the process lifetime; a changed configuration gets a new one. */
function verifierFor(s: McpOAuthSettings): OAuthTokenVerifier {
  const key = JSON.stringify([s.issuer, s.audience, s.urlPolicy.allowlist]);
  if (current?.key !== key) {
    const keys = createIssuerKeyResolver({ issuer: s.issuer, fetch: createOAuthFetch(s) });
    current = { key, verifier: createJwtAccessTokenVerifier({ issuer: s.issuer, audience: s.audience, keys }) };
  }
  return current.verifier;
}

/** RFC 6750 §3 quoted-string content (the SDK's own escaping, for the one challenge it does not build). */
const quoted = (v: string) => v.replaceAll(/[\\"]/g, "\\$&");

/**
 * Authenticate an MCP request under `MCP_AUTH_MODE=oauth` (MCP 2025-11-25 basic/authorization; RFC 6750, 8707, 9068,
 * 9728). The token comes only from `Authorization: Bearer` and goes nowhere but the local verifier (it is never
 * forwarded — not to GitHub, not to the authorization server). Verification is the MCP SDK's `verifyBearerToken`
 * over {@link createJwtAccessTokenVerifier}: audience = `MCP_OAUTH_AUDIENCE`, every `MCP_OAUTH_SCOPES` scope required.
 *
 * - no Bearer token → 401 `WWW-Authenticate: Bearer resource_metadata="…", scope="…"` (no error code: RFC 6750 §3.1
 *   says a request without credentials gets none) — the client's cue to start discovery;
 * - a token that does not verify (signature, issuer, expiry, audience, claims) → 401 with `error="invalid_token"` and a
 *   fixed short `error_description`;
 * - a valid token without a required scope → 403 `error="insufficient_scope"` (RFC 6750 §3.1; the SDK client steps up);
 * - the authorization server's keys cannot be loaded → 503 with `retry-after` (our outage, not the client's fault).
 *
 * @returns `{ principal: "oauth:<sub>" }`, or the refusal to send.
 * @throws nothing the client caused; a bug in verification propagates (the route answers 500).
 */
export async function authenticateOAuthRequest(req: Request, env: Env): Promise<{ principal: string } | { refusal: OAuthRefusal }> {
  const s = env.mcpOAuth!;
  const resourceMetadataUrl = protectedResourceMetadataUrl(env);
  const token = bearerToken(req);
  if (!token) {
    const scope = s.scopes.length ? `, scope="${quoted(s.scopes.join(" "))}"` : "";
    return {
      refusal: {
        status: 401,
        reason: "no bearer token",
        message: `Unauthorized: this MCP server requires an OAuth access token for ${s.audience} from ${s.issuer}; the authorization server is named in ${resourceMetadataUrl}. Send it as "Authorization: Bearer <token>".`,
        headers: { "www-authenticate": `Bearer resource_metadata="${quoted(resourceMetadataUrl)}"${scope}` },
      },
    };
  }
  try {
    const info = await verifyBearerToken(`Bearer ${token}`, { verifier: verifierFor(s), requiredScopes: s.scopes, resourceMetadataUrl, expectedResource: new URL(s.audience) });
    return { principal: `${OAUTH_PRINCIPAL_PREFIX}${String(info.extra?.sub)}` };
  } catch (e) {
    if (isAppError(e) && e.code === "UNAVAILABLE") {
      return { refusal: { status: 503, reason: "authorization server unavailable", message: `Service unavailable: ${e.message}`, headers: { "retry-after": String(e.details?.retry_after_seconds ?? 5) } } };
    }
    if (!(e instanceof OAuthError) || (e.code !== OAuthErrorCode.InvalidToken && e.code !== OAuthErrorCode.InsufficientScope)) throw e;
    const challenge = bearerAuthChallengeResponse(e, { requiredScopes: s.scopes, resourceMetadataUrl }).headers.get("www-authenticate") ?? "Bearer";
    const scopeNeeded = e.code === OAuthErrorCode.InsufficientScope;
    const reason = e.message.replace(/\.?$/, ".");
    return {
      refusal: {
        status: scopeNeeded ? 403 : 401,
        reason,
        message: scopeNeeded
          ? `Forbidden: the access token lacks a scope this MCP server requires (${s.scopes.join(" ")}); ask the authorization server for it.`
          : `Unauthorized: ${reason} Get a new access token for ${s.audience} from ${s.issuer}.`,
        headers: { "www-authenticate": challenge },
      },
    };
  }
}
