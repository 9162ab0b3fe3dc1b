import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { freePort, isolatedApp, startApp } from "./support/app-server";
import { callOk } from "./support/mcp";
import { startAuthorizationServer } from "./support/oidc-authorization-server";
import { signInAsOperator } from "./support/operator";

const SCOPE = "omniaudit:mcp";
const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "omniaudit-e2e-raw", version: "1.0.0" } },
});
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

test("MCP_AUTH_MODE=oauth: the SDK v1 client follows 401 → protected-resource metadata → authorization server, then calls tools as oauth:<sub>", async ({ page }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const audience = `${base}/mcp`;
  const as = await startAuthorizationServer({ resources: [audience, "https://other-mcp.example/mcp"], scopes: [SCOPE] });
  const { dataDir, env } = await isolatedApp("oauth", { MCP_AUTH_MODE: "oauth", MCP_OAUTH_ISSUER: as.issuer, MCP_OAUTH_URL_ALLOWLIST: `127.0.0.1:${as.port}`, PUBLIC_BASE_URL: base });
  const app = await startApp({ dataDir, env, port });
  try {
    // The challenge a client without a token gets, on the documented URL and on the route itself.
    for (const path of ["/mcp", "/api/mcp"]) {
      const anonymous = await fetch(`${base}${path}`, { method: "POST", headers: MCP_HEADERS, body: INITIALIZE });
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.headers.get("www-authenticate"), path).toBe(`Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp", scope="${SCOPE}"`);
    }
    // The metadata documents, through the built app's proxy (Host check) and routing.
    for (const path of ["", "/mcp", "/api/mcp"]) {
      const prm = await fetch(`${base}/.well-known/oauth-protected-resource${path}`);
      expect(prm.status, path).toBe(200);
      expect(await prm.json(), path).toEqual({ resource: audience, authorization_servers: [as.issuer], scopes_supported: [SCOPE], bearer_methods_supported: ["header"], resource_name: "OmniAudit" });
    }
    expect((await fetch(`${base}/.well-known/oauth-protected-resource/other`)).status).toBe(404);

    // The official SDK v1 client discovers everything from the 401 and gets a client-credentials token for the
    // resource the metadata names (RFC 8707). Its client-credentials grant asks for the scope configured on the
    // provider (SDK 1.32's fetchToken uses clientMetadata.scope, not the challenge's).
    const authProvider = new ClientCredentialsProvider({ clientId: as.client.id, clientSecret: as.client.secret, expectedIssuer: as.issuer, scope: SCOPE });
    const client = new Client({ name: "omniaudit-e2e-oauth", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", base), { authProvider }));
    const token = authProvider.tokens()?.access_token;
    expect(token).toBeTruthy();
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("core_health");
    const health = await callOk<{ version: string }>(client, "core_health");
    expect(health.version).toBeTruthy();
    await client.close();

    // A token the same server issued for another resource is refused.
    const foreign = await as.token({ resource: "https://other-mcp.example/mcp", scope: SCOPE });
    const refused = await fetch(`${base}/mcp`, { method: "POST", headers: { ...MCP_HEADERS, authorization: `Bearer ${foreign}` }, body: INITIALIZE });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"/);

    // The audit log records the call under the token's subject (client credentials: the client id).
    await signInAsOperator(page, base);
    await page.goto(`${base}/audit?tool=core_health`);
    await expect(page.getByTestId("audit-row").first()).toContainText(`oauth:${as.client.id}`);
    expect(app.logs.join("")).not.toContain(token!);
  } finally {
    await app.stop("SIGKILL");
    await as.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
