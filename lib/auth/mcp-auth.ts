import { getDb } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import { getLogger } from "@/lib/observability/logger";
import { verifyApiKey } from "./api-keys/verify-api-key";
import { bearerToken } from "./bearer-token";
import { authenticateOAuthRequest } from "./oauth/authenticate-oauth-request";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function originOf(raw: string): string | null {
  try {
    const u = new URL(raw);
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether a browser `Origin` may call the MCP endpoint: the public origin (`PUBLIC_BASE_URL`), loopback on any port
 * (local inspectors and clients), or one of `MCP_ALLOWED_ORIGINS`. Anything else — including `null` from sandboxed
 * frames — is refused.
 */
export function isAllowedMcpOrigin(origin: string, env: Env = getEnv()): boolean {
  const o = originOf(origin);
  if (!o) return false;
  if (o === originOf(env.baseUrl)) return true;
  if (LOOPBACK_HOSTS.has(new URL(o).hostname)) return true;
  return env.MCP_ALLOWED_ORIGINS.some((a) => a.origin === o);
}

/** A JSON-RPC error response (the MCP transport's error shape, `id: null` as the request was not read). */
function rpcError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: "2.0", id: null, error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/**
 * Authenticate a request to the MCP endpoint.
 *
 * 1. Origin check (MCP spec, Streamable HTTP transport, "Security Warning": servers MUST validate `Origin` to prevent
 *    DNS rebinding): a present `Origin` that {@link isAllowedMcpOrigin} refuses → 403. Requests without `Origin`
 *    (non-browser clients) pass.
 * 2. `MCP_AUTH_MODE=none` → principal `anonymous`. `api_key` → `Authorization: Bearer <key>` of an unrevoked key with
 *    scope `mcp` → principal = the key's owner; missing/invalid/revoked → 401 with
 *    `WWW-Authenticate: Bearer realm="omniaudit"` (RFC 6750) and a body saying where to get a key. `oauth` → a JWT
 *    access token from `MCP_OAUTH_ISSUER` for `MCP_OAUTH_AUDIENCE` with the `MCP_OAUTH_SCOPES` → principal
 *    `oauth:<sub>`; refusals are 401/403 with RFC 9728 `resource_metadata` challenges, or 503 when the authorization
 *    server's keys cannot be loaded ({@link authenticateOAuthRequest}).
 *
 * Refusals carry a JSON-RPC error body (`id: null`) and are logged at info level with the reason, never the
 * credential. Like api_key refusals, they are answered before the MCP edge reads the body, so they leave no audit row.
 *
 * @returns the principal, or the error `Response` to send as is.
 * @throws when the database cannot be reached (the route answers 500).
 */
export async function authenticateMcpRequest(req: Request): Promise<{ principal: string } | Response> {
  const env = getEnv();
  const origin = req.headers.get("origin");
  if (origin !== null && !isAllowedMcpOrigin(origin, env)) {
    return rpcError(403, -32000, `Forbidden: Origin ${JSON.stringify(origin.slice(0, 200))} is not allowed. Add it to MCP_ALLOWED_ORIGINS to allow it.`);
  }
  if (env.MCP_AUTH_MODE === "none") return { principal: "anonymous" };
  if (env.MCP_AUTH_MODE === "oauth") {
    const r = await authenticateOAuthRequest(req, env);
    if ("principal" in r) return r;
    getLogger().info({ auth: "oauth", status: r.refusal.status, reason: r.refusal.reason }, "MCP request refused");
    return rpcError(r.refusal.status, r.refusal.status === 503 ? -32000 : -32001, r.refusal.message, r.refusal.headers);
  }
  const key = bearerToken(req);
  const row = key ? await verifyApiKey(await getDb(), key, "mcp") : null;
  if (row) return { principal: row.owner };
  const challenge = key ? 'Bearer realm="omniaudit", error="invalid_token"' : 'Bearer realm="omniaudit"';
  const why = key ? "The API key is invalid, revoked or not an MCP key." : "This MCP server requires an API key.";
  getLogger().info({ auth: "api_key", status: 401, reason: key ? "invalid key" : "no key" }, "MCP request refused");
  return rpcError(401, -32001, `Unauthorized: ${why} An operator creates one (scope "mcp") in the console at ${env.baseUrl}/settings; send it as "Authorization: Bearer <key>".`, {
    "www-authenticate": challenge,
  });
}
