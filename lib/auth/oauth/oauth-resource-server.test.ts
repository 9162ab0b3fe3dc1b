import { count, desc } from "drizzle-orm";
import { SignJWT, generateKeyPair } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLogs } from "@/drizzle/schema";
import { startAuthorizationServer, type LocalAuthorizationServer } from "@/e2e/support/oidc-authorization-server";
import { getDb } from "@/lib/db/client";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { serveMcp } from "@/lib/tools/serve-mcp";
import * as wellKnownRoute from "@/app/.well-known/oauth-protected-resource/[[...path]]/route";
import { issuerMetadataUrls } from "./discover-issuer-metadata";
import { protectedResourceMetadataResponse } from "./protected-resource-metadata";

// A real authorization server (oidc-provider on 127.0.0.1) issues the tokens; OmniAudit's MCP endpoint is driven
// in-process through serveMcp, exactly as the route calls it.
const BASE = "http://127.0.0.1:3000";
const AUDIENCE = `${BASE}/mcp`;
const OTHER_AUDIENCE = "https://other-mcp.example/mcp";
const SCOPE = "omniaudit:mcp";
const PRM_URL = `${BASE}/.well-known/oauth-protected-resource/mcp`;
const VARS = ["MCP_AUTH_MODE", "MCP_OAUTH_ISSUER", "MCP_OAUTH_AUDIENCE", "MCP_OAUTH_SCOPES", "MCP_OAUTH_URL_ALLOWLIST", "PUBLIC_BASE_URL"] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));

let as: LocalAuthorizationServer;

function setEnv(vars: Partial<Record<(typeof VARS)[number], string | undefined>>) {
  for (const k of VARS) {
    const v = k in vars ? vars[k] : saved[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}
/** The configuration of these tests: oauth mode, the local issuer allowed on loopback, public URL 127.0.0.1:3000. */
const oauthEnv = (extra: Partial<Record<(typeof VARS)[number], string | undefined>> = {}) =>
  setEnv({ MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: as.issuer, MCP_OAUTH_URL_ALLOWLIST: `127.0.0.1:${as.port}`, PUBLIC_BASE_URL: BASE, ...extra });

const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const rpc = (method: string, params: unknown = {}, id = 1) => JSON.stringify({ jsonrpc: "2.0", id, method, params });
const post = (body: string, headers: Record<string, string> = {}) => serveMcp(new Request(`${BASE}/api/mcp`, { method: "POST", headers: { ...HEADERS, ...headers }, body }));
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const auditCount = async () => Number((await (await getDb()).select({ n: count() }).from(auditLogs))[0]!.n);
const lastAudit = async () => (await (await getDb()).select().from(auditLogs).orderBy(desc(auditLogs.seq)).limit(1))[0]!;

/** The JSON-RPC message of a response, whether the SDK answered as JSON or as one SSE event. */
async function message(res: Response): Promise<{ result?: { tools?: { name: string }[]; isError?: boolean; structuredContent?: Record<string, unknown> }; error?: { code: number; message: string } }> {
  const text = await res.text();
  const data = text.startsWith("{") ? text : /^data: (.*)$/m.exec(text)?.[1];
  return data ? JSON.parse(data) : {};
}

/** `WWW-Authenticate: Bearer k="v", …` as a map (values are quoted strings without escapes here). */
function challengeParams(header: string | null): Record<string, string> {
  expect(header).toMatch(/^Bearer /);
  return Object.fromEntries([...header!.matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** A refused call's response: status, challenge, JSON-RPC error; nothing of the token or of jose's text leaks. */
async function expectRefused(res: Response, status: number, token?: string) {
  expect(res.status).toBe(status);
  const text = await res.clone().text();
  const everything = `${text}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}`;
  if (token) for (const part of token.split(".")) expect(everything).not.toContain(part);
  expect(everything).not.toMatch(/JWS|JWT[A-Z]|ERR_J|jose|claim validation|stack/i);
  const body = JSON.parse(text) as { jsonrpc: string; id: null; error: { code: number; message: string } };
  expect(body).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32001, message: expect.any(String) } });
  return { params: challengeParams(res.headers.get("www-authenticate")), body };
}

beforeAll(async () => {
  as = await startAuthorizationServer({ resources: [AUDIENCE, OTHER_AUDIENCE], scopes: [SCOPE, "other:read"] });
});
afterEach(() => {
  vi.useRealTimers();
  setEnv({});
});
afterAll(async () => {
  await as?.close();
});

describe("MCP_AUTH_MODE=oauth configuration", () => {
  it("refuses to start without an issuer, with a non-https issuer off loopback, or with a malformed scope", () => {
    setEnv({ MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: undefined });
    expect(() => getEnv()).toThrow(/MCP_AUTH_MODE=oauth needs MCP_OAUTH_ISSUER/);
    setEnv({ MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: "http://auth.example.com" });
    expect(() => getEnv()).toThrow(/MCP_OAUTH_ISSUER: must be https/);
    setEnv({ MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: "https://auth.example.com/?tenant=1" });
    expect(() => getEnv()).toThrow(/MCP_OAUTH_ISSUER: an issuer identifier has no query or fragment/);
    setEnv({ MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: "https://auth.example.com", MCP_OAUTH_SCOPES: "omniaudit:mcp,two words" });
    expect(() => getEnv()).toThrow(/MCP_OAUTH_SCOPES: entry "two words"/);
  });

  it("defaults: audience = the public MCP URL, scope omniaudit:mcp; an empty MCP_OAUTH_SCOPES requires none", () => {
    setEnv({ MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: "https://auth.example.com/realms/x", PUBLIC_BASE_URL: "https://audit.example.com/" });
    expect(getEnv().mcpOAuth).toMatchObject({ issuer: "https://auth.example.com/realms/x", audience: "https://audit.example.com/mcp", scopes: ["omniaudit:mcp"] });
    setEnv({ MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: "https://auth.example.com/", MCP_OAUTH_AUDIENCE: "https://audit.example.com/mcp/", MCP_OAUTH_SCOPES: "" });
    expect(getEnv().mcpOAuth).toMatchObject({ issuer: "https://auth.example.com/", audience: "https://audit.example.com/mcp/", scopes: [] });
    setEnv({ MCP_AUTH_MODE: "api_key", MCP_OAUTH_ISSUER: "https://auth.example.com" });
    expect(getEnv().mcpOAuth).toBeUndefined();
  });

  it("looks for the issuer's metadata where MCP 2025-11-25 says clients look (RFC 8414 first, then OpenID Connect)", () => {
    expect(issuerMetadataUrls("https://as.example.com")).toEqual(["https://as.example.com/.well-known/oauth-authorization-server", "https://as.example.com/.well-known/openid-configuration"]);
    expect(issuerMetadataUrls("https://as.example.com/tenant1/")).toEqual([
      "https://as.example.com/.well-known/oauth-authorization-server/tenant1",
      "https://as.example.com/.well-known/openid-configuration/tenant1",
      "https://as.example.com/tenant1/.well-known/openid-configuration",
    ]);
  });
});

describe("MCP_AUTH_MODE=oauth against a real authorization server", () => {
  it("happy path: a token for this audience with the scope lists and calls tools; the audit row's principal is oauth:<sub>", async () => {
    oauthEnv();
    const token = await as.token({ resource: AUDIENCE, scope: SCOPE });
    const list = await post(rpc("tools/list"), bearer(token));
    expect(list.status).toBe(200);
    const tools = (await message(list)).result?.tools?.map((t) => t.name) ?? [];
    expect(tools).toContain("core_health");

    const before = await auditCount();
    const call = await post(rpc("tools/call", { name: "core_health", arguments: {} }, 2), bearer(token));
    expect(call.status).toBe(200);
    const m = await message(call);
    expect(m.error).toBeUndefined();
    expect(m.result?.isError).toBeFalsy();
    expect(await auditCount()).toBe(before + 1);
    // client credentials: oidc-provider sets sub = client_id.
    expect(await lastAudit()).toMatchObject({ tool: "core_health", principal: `oauth:${as.client.id}`, status: "ok" });
  });

  it("missing token (or another scheme) → 401 whose challenge names resource_metadata and the scope, no error code", async () => {
    oauthEnv();
    const before = await auditCount();
    const variants: Record<string, string>[] = [{}, { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }, { authorization: "Bearer" }];
    for (const headers of variants) {
      const res = await post(rpc("tools/call", { name: "core_health", arguments: {} }), headers);
      const { params, body } = await expectRefused(res, 401);
      expect(res.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${PRM_URL}", scope="${SCOPE}"`);
      expect(params.error).toBeUndefined();
      expect(body.error.message).toContain(as.issuer);
    }
    // Refused before the MCP edge reads the body, as api_key refusals are: no audit row (docs/oauth.md).
    expect(await auditCount()).toBe(before);
  });

  it("a token for another audience → 401 invalid_token (RFC 8707), even though the same issuer signed it", async () => {
    oauthEnv();
    const token = await as.token({ resource: OTHER_AUDIENCE, scope: SCOPE });
    const { params } = await expectRefused(await post(rpc("tools/list"), bearer(token)), 401, token);
    expect(params).toMatchObject({ error: "invalid_token", resource_metadata: PRM_URL, scope: SCOPE });
    expect(params.error_description).toMatch(/not issued for this resource/);
  });

  it("an expired token → 401 invalid_token (the clock moved past exp + tolerance)", async () => {
    oauthEnv();
    const token = await as.token({ resource: AUDIENCE, scope: SCOPE });
    expect((await post(rpc("tools/list"), bearer(token))).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    const { params } = await expectRefused(await post(rpc("tools/list"), bearer(token)), 401, token);
    expect(params).toMatchObject({ error: "invalid_token", resource_metadata: PRM_URL });
    expect(params.error_description).toMatch(/expired/);
  });

  it("a token without the required scope → 403 insufficient_scope naming the scope", async () => {
    oauthEnv();
    const token = await as.token({ resource: AUDIENCE, scope: "other:read" });
    const { params, body } = await expectRefused(await post(rpc("tools/list"), bearer(token)), 403, token);
    expect(params).toMatchObject({ error: "insufficient_scope", scope: SCOPE, resource_metadata: PRM_URL });
    expect(body.error.message).toMatch(/^Forbidden: .*omniaudit:mcp/);
    // With no scope required (MCP_OAUTH_SCOPES empty) the same token is enough.
    oauthEnv({ MCP_OAUTH_SCOPES: "" });
    expect((await post(rpc("tools/list"), bearer(token))).status).toBe(200);
  });

  it("forged and malformed tokens → 401 invalid_token: another key under the server's kid, another issuer, garbage", async () => {
    oauthEnv();
    const { privateKey } = await generateKeyPair("ES256");
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: "mallory", scope: SCOPE, client_id: "mallory" };
    const forge = (iss: string) => new SignJWT(claims).setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: "test-key-1" }).setIssuer(iss).setAudience(AUDIENCE).setIssuedAt(now).setExpirationTime(now + 300).sign(privateKey);
    const cases: [string, RegExp][] = [
      [await forge(as.issuer), /signature does not verify/],
      [await forge("https://evil.example"), /not issued by this server's authorization server|signature/],
      [`oa_${"x".repeat(43)}`, /not a signed JWT/],
      [`${(await as.token({ resource: AUDIENCE, scope: SCOPE })).slice(0, -4)}AAAA`, /signature does not verify/],
    ];
    for (const [token, reason] of cases) {
      const { params } = await expectRefused(await post(rpc("tools/list"), bearer(token)), 401, token);
      expect(params.error, token.slice(0, 30)).toBe("invalid_token");
      expect(params.error_description, token.slice(0, 30)).toMatch(reason);
    }
  });

  it("the issuer's metadata and JWKS go through lib/net: an issuer on loopback is refused unless MCP_OAUTH_URL_ALLOWLIST allows it (503, not 401)", async () => {
    const token = await as.token({ resource: AUDIENCE, scope: SCOPE });
    oauthEnv({ MCP_OAUTH_URL_ALLOWLIST: undefined });
    const res = await post(rpc("tools/list"), bearer(token));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(res.headers.get("www-authenticate")).toBeNull();
    expect((await res.json()).error.message).toMatch(/authorization server's signing keys could not be loaded/);
  });

  it("metadata whose issuer differs from MCP_OAUTH_ISSUER is not trusted (RFC 8414 §3.3): 503", async () => {
    const token = await as.token({ resource: AUDIENCE, scope: SCOPE });
    oauthEnv({ MCP_OAUTH_ISSUER: `${as.issuer}/` });
    expect((await post(rpc("tools/list"), bearer(token))).status).toBe(503);
  });
});

describe("protected-resource metadata (RFC 9728)", () => {
  const get = (path: string[], method = "GET") =>
    wellKnownRoute.GET(new Request(`${BASE}/.well-known/oauth-protected-resource${path.map((p) => `/${p}`).join("")}`, { method }), { params: Promise.resolve(path.length ? { path } : {}) });

  it("is served at the root and at the path-suffixed URLs of /mcp and /api/mcp, with the fields clients read", async () => {
    oauthEnv();
    for (const path of [[], ["mcp"], ["api", "mcp"]]) {
      const res = await get(path);
      expect(res.status, path.join("/")).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(await res.json()).toEqual({
        resource: AUDIENCE,
        authorization_servers: [as.issuer],
        scopes_supported: [SCOPE],
        bearer_methods_supported: ["header"],
        resource_name: "OmniAudit",
      });
    }
    const preflight = await wellKnownRoute.OPTIONS(new Request(`${BASE}/.well-known/oauth-protected-resource/mcp`, { method: "OPTIONS" }), { params: Promise.resolve({ path: ["mcp"] }) });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/GET/);
  });

  it("names the configured audience as resource, and answers 404 for other suffixes and outside oauth mode", async () => {
    oauthEnv({ MCP_OAUTH_AUDIENCE: "https://audit.example.com/mcp" });
    expect((await (await get(["mcp"])).json()).resource).toBe("https://audit.example.com/mcp");
    expect((await get(["sse"])).status).toBe(404);
    expect((await get(["api", "mcp", "x"])).status).toBe(404);
    for (const mode of ["none", "api_key"]) {
      setEnv({ MCP_AUTH_MODE: mode });
      const res = await get(["mcp"]);
      expect(res.status, mode).toBe(404);
      expect((await res.json()).error.code).toBe("NOT_FOUND");
      expect(() => protectedResourceMetadataResponse({ method: "GET", suffix: [] })).toThrow(/not use OAuth/);
    }
  });
});
