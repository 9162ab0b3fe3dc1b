import { getOAuthProtectedResourceMetadataUrl, type OAuthProtectedResourceMetadata } from "@modelcontextprotocol/server";
import { getEnv, type Env, type McpOAuthSettings } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** The path suffixes the metadata is served under: the root document and the two MCP endpoint paths. */
const SUFFIXES = new Set(["", "/mcp", "/api/mcp"]);
/** Public documents: any origin may read them (browser-based MCP clients fetch them cross-origin). */
const CORS = { "access-control-allow-origin": "*", "access-control-allow-methods": "GET, HEAD, OPTIONS" };

/**
 * The protected-resource metadata URL the 401 challenges name (RFC 9728 §5.1 `resource_metadata`): the path-suffixed
 * well-known URL of the public MCP endpoint, `<PUBLIC_BASE_URL origin>/.well-known/oauth-protected-resource/mcp`
 * (RFC 9728 §3.1, built by the MCP SDK's `getOAuthProtectedResourceMetadataUrl`).
 */
export function protectedResourceMetadataUrl(env: Env = getEnv()): string {
  return getOAuthProtectedResourceMetadataUrl(new URL(`${env.baseUrl}/mcp`));
}

/**
 * The RFC 9728 §2 document: `resource` is the audience tokens must carry (`MCP_OAUTH_AUDIENCE`, default the public
 * MCP URL) — the value clients send as the RFC 8707 `resource` parameter, so every path form names the same one;
 * `authorization_servers` the one issuer; `scopes_supported` the required scopes; bearer tokens in the
 * `Authorization` header only (RFC 6750 §2.1). Built here rather than with the SDK's
 * `buildOAuthProtectedResourceMetadata`, which wants the authorization server's whole RFC 8414 document just to copy
 * its issuer and has no `bearer_methods_supported`; the SDK's type keeps the field names honest.
 */
export function protectedResourceMetadata(s: McpOAuthSettings): OAuthProtectedResourceMetadata {
  return {
    resource: s.audience,
    authorization_servers: [s.issuer],
    scopes_supported: s.scopes,
    bearer_methods_supported: ["header"],
    resource_name: "OmniAudit",
  };
}

/**
 * Answer `GET|HEAD|OPTIONS /.well-known/oauth-protected-resource[/mcp|/api/mcp]`: the document as JSON (cacheable 5
 * minutes, readable from any origin), or 204 with CORS headers for a preflight. Only meaningful with
 * `MCP_AUTH_MODE=oauth`: in the other modes no authorization server protects the endpoint, and advertising one would
 * send clients into an OAuth flow that cannot succeed — so those modes answer 404, like any unknown suffix.
 * @param o.suffix the path segments after `oauth-protected-resource` (`[]`, `["mcp"]`, `["api", "mcp"]`).
 * @throws AppError `NOT_FOUND` outside oauth mode or for another suffix.
 */
export function protectedResourceMetadataResponse(o: { method: string; suffix: readonly string[]; env?: Env }): Response {
  const env = o.env ?? getEnv();
  const suffix = o.suffix.map((p) => `/${p}`).join("");
  if (!env.mcpOAuth) throw new AppError("NOT_FOUND", "No OAuth protected-resource metadata: this server does not use OAuth (MCP_AUTH_MODE is not oauth).");
  if (!SUFFIXES.has(suffix)) throw new AppError("NOT_FOUND", "No protected-resource metadata for this path: the MCP endpoint is /mcp.");
  if (o.method === "OPTIONS") return new Response(null, { status: 204, headers: { ...CORS, "access-control-max-age": "86400" } });
  return Response.json(protectedResourceMetadata(env.mcpOAuth), { headers: { ...CORS, "cache-control": "public, max-age=300" } });
}
