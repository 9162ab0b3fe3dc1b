import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

/** The two protocol eras a v2 client can speak: `legacy` = 2025-11-25 (`initialize`), `modern` = 2026-07-28. */
export type McpEra = "legacy" | "modern";

/** The revision a modern-era connection is pinned to. */
export const MODERN_PROTOCOL_VERSION = "2026-07-28";

/**
 * Connect the official MCP SDK **v2** client (`@modelcontextprotocol/client`) to the app's endpoint in one era:
 * `legacy` runs the 2025-11-25 `initialize` handshake (the v2 default, no probe); `modern` pins 2026-07-28
 * (`versionNegotiation: { mode: { pin } }`: `server/discover`, per-request `_meta`, and no fallback — `connect()`
 * rejects with `ERA_NEGOTIATION_FAILED` when the server does not offer it). `headers` go on every request.
 * Kept apart from `./mcp` so specs that only use the v1 client load without the v2 package.
 */
export async function connectMcpV2(baseUrl: string, o: { era: McpEra; pathname?: string; headers?: Record<string, string> }): Promise<Client> {
  const client = new Client({ name: `omniaudit-e2e-v2-${o.era}`, version: "1.0.0" }, o.era === "modern" ? { versionNegotiation: { mode: { pin: MODERN_PROTOCOL_VERSION } } } : {});
  await client.connect(new StreamableHTTPClientTransport(new URL(o.pathname ?? "/mcp", baseUrl), { requestInit: { headers: o.headers ?? {} } }));
  return client;
}
