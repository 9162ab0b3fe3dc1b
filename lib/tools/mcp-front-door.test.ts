import http from "node:http";
import type { AddressInfo } from "node:net";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLogs } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { renderMetrics } from "@/lib/observability/metrics";
import { closeAllLegacySessions } from "./mcp-sessions";
import { createMcpNodeListener, isMcpPath } from "./mcp-front-door";

// The front door on a real node:http server (what scripts/serve.mjs runs ahead of Next.js), driven over TCP.
describe("MCP front door (node:http listener)", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const listener = createMcpNodeListener();
    server = http.createServer((req, res) => (isMcpPath(req.url) ? void listener(req, res) : res.writeHead(404).end()));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeAllLegacySessions();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("serves both eras with the official client: a 2025-11-25 session (SSE included) and 2026-07-28 stateless", async () => {
    for (const era of ["legacy", "modern"] as const) {
      const client = new Client({ name: "front-door-test", version: "1" }, era === "modern" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {});
      const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`));
      await client.connect(transport);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("core_health");
      const r = await client.callTool({ name: "core_health", arguments: {} });
      expect(r.isError).toBeFalsy();
      expect(r.structuredContent).toMatchObject({ status: "ok" });
      if (era === "legacy") expect(transport.sessionId).toBeTruthy();
      await client.close();
    }
    const [row] = await (await getDb()).select().from(auditLogs).orderBy(desc(auditLogs.seq)).limit(1);
    expect(row).toMatchObject({ tool: "core_health", decision: "allowed", status: "ok" });
  });

  it("answers /api/mcp too, counts the request in the HTTP metrics, and refuses a foreign Host like proxy.ts", async () => {
    const before = (await renderMetrics()).body;
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientInfo": { name: "t", version: "1" }, "io.modelcontextprotocol/clientCapabilities": {} } } });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/list" };
    const ok = await fetch(`${base}/api/mcp?x=1`, { method: "POST", headers, body });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBeTruthy();
    expect(((await ok.json()) as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(10);
    const after = (await renderMetrics()).body;
    const count = (s: string) => Number(/omniaudit_http_requests_total\{route="\/api\/mcp",method="POST",status="200"\} (\d+)/.exec(s)?.[1] ?? 0);
    expect(count(after)).toBe(count(before) + 1);

    const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${base}/mcp`, { method: "POST", headers: { ...headers, host: "evil.example" } }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ jsonrpc: "2.0", error: { code: -32000, message: expect.stringContaining("ALLOWED_HOSTS") } });
  });

  it("matches only the MCP paths", () => {
    expect(["/mcp", "/api/mcp", "/mcp?a=1", "/api/mcp?x"].every(isMcpPath)).toBe(true);
    expect(["/mcp/", "/mcpx", "/api/mcp/x", "/", undefined].some(isMcpPath)).toBe(false);
  });
});
