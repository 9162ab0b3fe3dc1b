// The bare official-SDK server the throughput bench compares OmniAudit with: `createMcpHandler` (2026-07-28, stateless,
// one McpServer per request, as OmniAudit's endpoint) with the bench's tool names registered as cheap constant tools,
// served by node:http through a minimal Request/Response adapter (@modelcontextprotocol/node is not installed).
// Prints `listening <port>` once ready. Run by bench/mcp-throughput.ts: node --import tsx bench/bare-mcp-server.ts
import http from "node:http";
import { createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";

const TOOLS = ["core_health", "core_list_jobs"];
const output = z.object({ status: z.string(), version: z.string() });

const handler = createMcpHandler(
  () => {
    const server = new McpServer({ name: "bare", version: "1.0.0" });
    for (const name of TOOLS) {
      server.registerTool(name, { description: "cheap constant tool", inputSchema: z.object({}), outputSchema: output }, async () => {
        const structuredContent = { status: "ok", version: "1.0.0" };
        return { content: [{ type: "text", text: JSON.stringify(structuredContent) }], structuredContent };
      });
    }
    return server;
  },
  { legacy: "reject" },
);

const server = http.createServer(async (req, res) => {
  try {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const response = await handler.fetch(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) for await (const c of response.body) res.write(c);
    res.end();
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`listening ${port}\n`);
});
for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => server.close(() => process.exit(0)));
