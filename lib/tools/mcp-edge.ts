import "server-only";
import { readRequestBody, specTypeSchemas } from "@modelcontextprotocol/server";
import { canonicalHash } from "@/lib/crypto/hash";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/observability/logger";
import { appendAuditLog } from "@/lib/audit/append-audit-log";
import { isSafeText, toSafeJson, toSafeText } from "@/lib/safe-text";

/**
 * The MCP endpoint's edge, before the SDK sees a request: the body is read with a size cap (streamed, so a 64 MB body
 * is refused after `MCP_MAX_BODY_BYTES` without being parsed), JSON-RPC batches are refused (MCP removed them in
 * 2025-06-18), and the params of every request the server handles are checked against the MCP spec schemas — a bad
 * `initialize` or `tools/call` gets a concise `-32602 Invalid params` instead of the SDK's `-32603` with a zod dump.
 * Every `tools/call` the edge refuses is audited (a safe placeholder stands in for an unusable tool name), so each
 * `tools/call` leaves exactly one audit row whether the edge, the SDK or the pipeline answers it.
 */

/** Request methods whose params are validated here, by the MCP spec's own schema for them. */
const REQUEST_SCHEMAS: Record<string, keyof typeof specTypeSchemas> = {
  initialize: "InitializeRequest",
  ping: "PingRequest",
  "tools/list": "ListToolsRequest",
  "tools/call": "CallToolRequest",
  "resources/list": "ListResourcesRequest",
  "resources/read": "ReadResourceRequest",
  "resources/templates/list": "ListResourceTemplatesRequest",
  "prompts/list": "ListPromptsRequest",
  "prompts/get": "GetPromptRequest",
  "completion/complete": "CompleteRequest",
  "logging/setLevel": "SetLevelRequest",
  "server/discover": "DiscoverRequest",
};

/**
 * Methods the 2026-07-28 revision removed: on a request of that era the SDK answers them `-32601` (HTTP 404), so their
 * 2025 params schemas must not be applied here first (MCP 2026-07-28 basic/lifecycle, SEP-2575).
 */
const REMOVED_IN_2026 = new Set(["initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe"]);

/** Whether a message claims the 2026-07-28 era: the per-request `_meta` envelope's protocol version, or the header. */
function claimsModernEra(msg: Record<string, unknown>, header: string | null): boolean {
  const meta = (msg.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  const version = meta?.["io.modelcontextprotocol/protocolVersion"] ?? header;
  return typeof version === "string" && version >= "2026-07-28";
}

/** Longest tool name worth looking up; longer ones are refused here (the registry's names are ≤ 64). */
const MAX_TOOL_NAME = 200;

type JsonRpcId = string | number | null;
/** `toolCall`: the forwarded message is a `tools/call` — audit it if the SDK refuses it before the pipeline runs. */
export type EdgeOutcome = { forward: Request; toolCall?: Record<string, unknown> } | { response: Response };

function rpcError(id: JsonRpcId, code: number, message: string, status = 200): Response {
  return Response.json({ jsonrpc: "2.0", id, error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

type Issue = { path?: readonly (PropertyKey | { key: PropertyKey })[]; message: string };
function describeIssues(issues: readonly Issue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${(i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)).join(".") || "(request)"}: ${i.message}`)
    .join("; ");
}

function isJsonRpcRequest(msg: Record<string, unknown>): boolean {
  const r = (specTypeSchemas.JSONRPCRequest as { "~standard": { validate(v: unknown): { issues?: readonly unknown[] } | Promise<unknown> } })["~standard"].validate(msg);
  return !(r instanceof Promise) && !r.issues?.length;
}

/** Why a request's params are unusable, or undefined when they pass the method's spec schema and our name rules. */
function paramsProblem(msg: Record<string, unknown>, protocolHeader: string | null): string | undefined {
  if (REMOVED_IN_2026.has(msg.method as string) && claimsModernEra(msg, protocolHeader)) return undefined;
  // Own keys only: a method named "constructor" or "__proto__" must not reach Object.prototype.
  const schemaName = Object.hasOwn(REQUEST_SCHEMAS, msg.method as string) ? REQUEST_SCHEMAS[msg.method as string] : undefined;
  if (!schemaName || !specTypeSchemas[schemaName]) return undefined;
  const result = (specTypeSchemas[schemaName] as { "~standard": { validate(v: unknown): { issues?: readonly Issue[] } | Promise<unknown> } })["~standard"].validate(msg);
  if (!(result instanceof Promise) && result.issues?.length) return describeIssues(result.issues);
  if (msg.method === "tools/call") {
    const name = (msg.params as { name: string }).name;
    if (name.length > MAX_TOOL_NAME) return `params.name: longer than ${MAX_TOOL_NAME} characters`;
    if (!isSafeText(name)) return "params.name: must not contain NUL characters or unpaired UTF-16 surrogates";
  }
  return undefined;
}

/** Audit a `tools/call` refused before the pipeline, under a safe placeholder when the name itself is unusable. */
export async function auditRefusedCall(msg: Record<string, unknown>, o: { requestId: string; principal: string; errorCode: string }): Promise<void> {
  const params = (msg.params && typeof msg.params === "object" ? msg.params : {}) as { name?: unknown; arguments?: unknown };
  const tool = typeof params.name === "string" && params.name ? toSafeText(params.name).slice(0, MAX_TOOL_NAME) : "(missing tool name)";
  let inputsHash: string;
  try {
    inputsHash = canonicalHash(toSafeJson(params.arguments ?? {}));
  } catch {
    inputsHash = canonicalHash(null);
  }
  await appendAuditLog(await getDb(), {
    requestId: o.requestId, principal: o.principal, tool, module: "unknown", inputsHash, decision: "invalid_input", status: "error", durationMs: 0, errorCode: o.errorCode,
  });
}

/**
 * Screen one POST to the MCP endpoint.
 * @returns `{ forward }`: a request with the same headers and the buffered body, for the SDK; or `{ response }` to
 *   send as is — 413 for an oversized body, 400 for a batch, a JSON-RPC `-32602` for unusable params.
 * @throws when the audit row of a refused `tools/call` cannot be written (the route answers 500; nothing is lost
 *   silently).
 */
export async function screenMcpPost(req: Request, o: { requestId: string; principal: string }): Promise<EdgeOutcome> {
  const limit = getEnv().MCP_MAX_BODY_BYTES;
  const body = await readRequestBody(req, limit);
  if (body.tooLarge) {
    getLogger().warn({ request_id: o.requestId, limit }, "MCP request body over the limit");
    return { response: rpcError(null, -32600, `Request body too large: the limit is ${limit} bytes (MCP_MAX_BODY_BYTES).`, 413) };
  }
  const forward = () => ({ forward: new Request(req.url, { method: "POST", headers: req.headers, body: body.text }) });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.text);
  } catch {
    return forward(); // the SDK answers -32700 Parse error
  }
  if (Array.isArray(parsed)) {
    for (const m of parsed) {
      if (m && typeof m === "object" && (m as { method?: unknown }).method === "tools/call") await auditRefusedCall(m as Record<string, unknown>, { ...o, errorCode: "BATCH_REFUSED" });
    }
    return { response: rpcError(null, -32600, "JSON-RPC batches are not supported (MCP removed them in protocol 2025-06-18): send one message per request.", 400) };
  }
  if (!parsed || typeof parsed !== "object" || typeof (parsed as { method?: unknown }).method !== "string") return forward();
  const msg = parsed as Record<string, unknown>;
  const isCall = msg.method === "tools/call";
  const id = typeof msg.id === "string" || typeof msg.id === "number" ? msg.id : null;
  if (isCall && !isJsonRpcRequest(msg)) {
    // A tools/call that is not a JSON-RPC request (no or bad id, wrong jsonrpc version) is still a call attempt.
    await auditRefusedCall(msg, { ...o, errorCode: "INVALID_REQUEST" });
    return { response: "id" in msg ? rpcError(id, -32600, "Invalid Request: tools/call must be a JSON-RPC 2.0 request with a string or number id.") : new Response(null, { status: 202 }) };
  }
  const problem = paramsProblem(msg, req.headers.get("mcp-protocol-version"));
  if (!problem) return { ...forward(), ...(isCall ? { toolCall: msg } : {}) };
  if (isCall) await auditRefusedCall(msg, { ...o, errorCode: "VALIDATION_ERROR" });
  if (!("id" in msg)) return { response: new Response(null, { status: 202 }) };
  return { response: rpcError(id, -32602, `Invalid params for ${toSafeText(String(msg.method)).slice(0, 100)}: ${toSafeText(problem)}`) };
}
