import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Recorder } from "./recorder";

/** One tool call's outcome: the structured result, or the tool error's stable code and message. */
export type ToolOutcome<T> = { ok: true; result: T } | { ok: false; code: string; message: string };

export type SmokeMcp = {
  /** Call a tool (recorded as `mcp-<tool>`); a tool error is an outcome, a protocol failure throws. */
  call<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<ToolOutcome<T>>;
  /** Like {@link SmokeMcp.call}, but a tool error throws, naming the tool, code and message. */
  ok<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
};

type RawResult = { structuredContent?: unknown; isError?: boolean; content?: { type: string; text?: string }[]; _meta?: Record<string, unknown> };

/**
 * Connect the official MCP SDK client (Streamable HTTP) to `<baseUrl>/mcp`, with `Authorization: Bearer <apiKey>`
 * when given (`MCP_AUTH_MODE=api_key`).
 * @throws when the endpoint does not complete the MCP initialize handshake.
 */
export async function connectSmokeMcp(baseUrl: string, rec: Recorder, apiKey?: string): Promise<SmokeMcp> {
  const client = new Client({ name: "omniaudit-smoke", version: "1.0.0" });
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", baseUrl), { requestInit: { headers } }));
  const call = async <T>(name: string, args: Record<string, unknown> = {}): Promise<ToolOutcome<T>> => {
    const r = (await client.callTool({ name, arguments: args })) as RawResult;
    rec.record(`mcp-${name}`, { request: { method: "tools/call", url: `${baseUrl}/mcp`, body: { name, arguments: args } }, body: r });
    if (!r.isError) return { ok: true, result: r.structuredContent as T };
    const e = (r._meta?.["omniaudit/error"] ?? {}) as { code?: string; message?: string };
    return { ok: false, code: e.code ?? "UNKNOWN", message: e.message ?? r.content?.map((c) => c.text ?? "").join(" ") ?? "" };
  };
  return {
    call,
    ok: async <T>(name: string, args: Record<string, unknown> = {}) => {
      const r = await call<T>(name, args);
      if (!r.ok) throw new Error(`${name} failed: ${r.code}: ${r.message}`);
      return r.result;
    },
    close: () => client.close(),
  };
}
