// Test support (imported by *.test.ts only): an official v2 client on an in-memory pair with a fresh McpServer.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createMcpHandler, InMemoryTransport, McpServer } from "@modelcontextprotocol/server";
import { SERVER_INFO } from "@/lib/version";

/**
 * A v2 `Client` on a new `McpServer` prepared by `register` (e.g. `registerResources`): on the 2025-11-25 era over an
 * in-memory pair (`initialize`, the client's default), or pinned to 2026-07-28 (`server/discover`, stateless) through
 * the SDK's own `createMcpHandler` called in process — the linked pair connects 2025-era instances only.
 */
export async function connectInMemory(register: (server: McpServer) => void, era: "legacy" | "modern" = "legacy"): Promise<Client> {
  const build = () => {
    const server = new McpServer(SERVER_INFO);
    register(server);
    return server;
  };
  if (era === "modern") {
    const handler = createMcpHandler(build, { legacy: "reject" });
    const client = new Client({ name: "omniaudit-test", version: "1.0.0" }, { versionNegotiation: { mode: { pin: "2026-07-28" } } });
    await client.connect(new StreamableHTTPClientTransport(new URL("http://127.0.0.1:3000/mcp"), { fetch: (input, init) => handler.fetch(new Request(input, init)) }));
    return client;
  }
  const server = build();
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "omniaudit-test", version: "1.0.0" });
  await client.connect(clientSide);
  return client;
}

/** The JSON-RPC error a rejected request carried (`code`, `message`, `data`), or a failure when it resolved. */
export async function rpcErrorOf(p: Promise<unknown>): Promise<{ code: number; message: string; data?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as { code: number; message: string; data?: Record<string, unknown> };
  }
  throw new Error("expected the request to fail");
}
