import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { createApiKey } from "./api-keys/create-api-key";
import { revokeApiKey } from "./api-keys/revoke-api-key";
import { authenticateMcpRequest, isAllowedMcpOrigin } from "./mcp-auth";

const saved = { ...process.env };
function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}
afterEach(() => {
  setEnv({ MCP_AUTH_MODE: saved.MCP_AUTH_MODE, MCP_ALLOWED_ORIGINS: saved.MCP_ALLOWED_ORIGINS, PUBLIC_BASE_URL: saved.PUBLIC_BASE_URL });
});

const req = (headers: Record<string, string> = {}) => new Request("http://127.0.0.1:3000/api/mcp", { method: "POST", headers });

describe("MCP Origin check (DNS rebinding)", () => {
  it("allows the public origin, loopback on any port and MCP_ALLOWED_ORIGINS", () => {
    setEnv({ PUBLIC_BASE_URL: "https://audit.example.com/", MCP_ALLOWED_ORIGINS: "https://chat.example.org, http://tools.internal:8080" });
    const env = getEnv();
    for (const ok of ["https://audit.example.com", "http://localhost:6274", "http://127.0.0.1:5173", "http://[::1]:9000", "http://localhost", "https://chat.example.org", "http://tools.internal:8080"]) {
      expect(isAllowedMcpOrigin(ok, env), ok).toBe(true);
    }
    for (const bad of ["https://evil.example", "http://audit.example.com", "https://audit.example.com:8443", "http://localhost.evil.example", "http://127.0.0.2:80", "null", "", "file://", "http://tools.internal:8081"]) {
      expect(isAllowedMcpOrigin(bad, env), bad).toBe(false);
    }
  });

  it("answers a refused Origin with 403 and a JSON-RPC error, before authentication", async () => {
    setEnv({ MCP_AUTH_MODE: "none" });
    const res = await authenticateMcpRequest(req({ origin: "https://evil.example" }));
    expect(res).toBeInstanceOf(Response);
    const r = res as Response;
    expect(r.status).toBe(403);
    const body = await r.json();
    expect(body).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: expect.any(Number), message: expect.stringMatching(/Origin/) } });
  });

  it("lets requests without Origin through (non-browser clients)", async () => {
    setEnv({ MCP_AUTH_MODE: "none" });
    expect(await authenticateMcpRequest(req())).toEqual({ principal: "anonymous" });
    expect(await authenticateMcpRequest(req({ origin: "http://localhost:6274" }))).toEqual({ principal: "anonymous" });
  });
});

describe("MCP_AUTH_MODE=api_key", () => {
  it("accepts an unrevoked mcp key (principal = owner) and refuses missing, invalid, wrong-scope and revoked keys", async () => {
    setEnv({ MCP_AUTH_MODE: "api_key" });
    const db = await getDb();
    const mcpKey = await createApiKey(db, { name: "client", owner: "alice", scope: "mcp", createdBy: "admin" });
    const opKey = await createApiKey(db, { name: "ops", owner: "ops", scope: "operator", createdBy: "admin" });

    expect(await authenticateMcpRequest(req({ authorization: `Bearer ${mcpKey.key}` }))).toEqual({ principal: "alice" });
    expect(await authenticateMcpRequest(req({ authorization: `bearer ${mcpKey.key}` }))).toEqual({ principal: "alice" });

    const missing = (await authenticateMcpRequest(req())) as Response;
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="omniaudit"');
    expect((await missing.json()).error.message).toMatch(/\/settings/);

    for (const auth of [`Bearer oa_${"x".repeat(43)}`, `Bearer ${opKey.key}`, `Basic ${Buffer.from("a:b").toString("base64")}`, "Bearer"]) {
      const r = (await authenticateMcpRequest(req({ authorization: auth }))) as Response;
      expect(r.status, auth).toBe(401);
      expect(r.headers.get("www-authenticate"), auth).toMatch(/^Bearer realm="omniaudit"/);
    }

    await revokeApiKey(db, mcpKey.id);
    const revoked = (await authenticateMcpRequest(req({ authorization: `Bearer ${mcpKey.key}` }))) as Response;
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("www-authenticate")).toBe('Bearer realm="omniaudit", error="invalid_token"');
  });

  it("checks the Origin even with a valid key", async () => {
    setEnv({ MCP_AUTH_MODE: "api_key" });
    const { key } = await createApiKey(await getDb(), { name: "c", owner: "o", scope: "mcp", createdBy: "admin" });
    const r = (await authenticateMcpRequest(req({ authorization: `Bearer ${key}`, origin: "https://evil.example" }))) as Response;
    expect(r.status).toBe(403);
  });
});
