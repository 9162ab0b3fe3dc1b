import "server-only";
import { McpServer, ProtocolError, ProtocolErrorCode, inputRequired, type CallToolResult, type ServerContext } from "@modelcontextprotocol/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { canonicalHash } from "@/lib/crypto/hash";
import { appendAuditLog } from "@/lib/audit/append-audit-log";
import { currentRequestContext } from "@/lib/observability/request-context";
import { toSafeJson, toSafeText } from "@/lib/safe-text";
import { runTool } from "@/lib/runtime/run-tool";
import { SERVER_INFO } from "@/lib/version";
import { listedTools, toolJsonSchemas } from "./list-tools";
import { registerMcpApp } from "./mcp-app";
import { APPROVAL_INPUT_KEY, APPROVAL_SCHEMA, channelFor } from "./mcp-channel";
import { registerPrompts } from "./mcp-prompts";
import { registerResources } from "./mcp-resources";
import { clientDeclaresTasks, registerTasks, taskResultFor } from "./mcp-tasks";
import { findTool } from "./registry";
import { withResourceLinks } from "./resource-links";
import { isExposed } from "./toolsets";

/** The registry as MCP clients see it (MCP_TOOLSETS, MCP_READ_ONLY): also what `core_describe_tool` may describe. */
const exposedCatalog = { findTool: (name: string) => { const t = findTool(name); return t && isExposed(t) ? t : undefined; } };

const CallParams = z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()).optional() });

/** Which wire a server instance speaks, and whether it holds a 2025-11-25 session (push requests are possible). */
export type McpEra = { era: "legacy" | "modern"; sessionful: boolean };

/** Server-level instructions: how the product's pieces fit, read once by clients that surface them. */
const INSTRUCTIONS =
  "OmniAudit audits software evidence and acts on GitHub. Reads are free; every write (issue, release, deletion) needs approval: " +
  "a confirmation the operator approves in the console, a confirmation_token, or — when your client supports elicitation — the user's answer in the chat. " +
  "Long work (scans, triage, releases) runs as jobs: poll core_get_job (wait_ms streams progress), or receive a task when your client declares the tasks extension. " +
  "Evidence is readable as omniaudit:// resources; prompts start the main flows.";

/**
 * The MCP server for one serving unit — a 2026-07-28 request, a stateless 2025 request, or a 2025-11-25 session —
 * built from the registry. `tools/list` and `tools/call` are handled here instead of `registerTool`, so that
 * `tools/call` accepts the dotted alias of every name and every call — including invalid input — goes through
 * `runTool` (audit, policy) rather than the SDK's own validation.
 */
export function buildMcpServer(unit: McpEra): McpServer {
  const server = new McpServer(SERVER_INFO, { capabilities: { tools: { listChanged: false }, logging: {} }, instructions: INSTRUCTIONS });
  registerTools(server, unit);
  registerResources(server);
  registerMcpApp(server);
  registerPrompts(server);
  // The tasks extension exists in the 2026-07-28 era only (2025-11-25 had an older, different tasks design).
  if (unit.era === "modern") registerTasks(server);
  return server;
}

function registerTools(server: McpServer, unit: McpEra): void {
  const low = server.server;
  low.setRequestHandler("tools/list", () => ({ tools: listedTools() }));
  low.setRequestHandler("tools/call", async (request, ctx: ServerContext) => {
    const params = CallParams.parse(request.params);
    const context = currentRequestContext();
    context.toolCallHandled = true;
    const { requestId, principal } = context;
    // A tool hidden by MCP_TOOLSETS / MCP_READ_ONLY is unknown to MCP clients: neither listed nor callable.
    const tool = exposedCatalog.findTool(params.name);
    if (!tool) {
      const db = await getDb();
      const name = toSafeText(params.name).slice(0, 200);
      await appendAuditLog(db, {
        requestId, principal, tool: name, module: "unknown",
        inputsHash: canonicalHash(toSafeJson(params.arguments ?? {})), decision: "unknown_tool", status: "error", durationMs: 0, errorCode: "UNKNOWN_TOOL",
      });
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool ${JSON.stringify(name)}. Call tools/list for the available tools (e.g. sitelint_start_scan; dotted names like sitelint.start_scan are accepted too).`);
    }
    const channel = channelFor(server, ctx, { ...unit, principal, tool: tool.name });
    const result = await runTool({ tool, args: params.arguments, principal, requestId, catalog: exposedCatalog, channel });
    if (result.inputRequired) {
      return inputRequired({
        inputRequests: { [APPROVAL_INPUT_KEY]: inputRequired.elicit({ message: result.inputRequired.message, requestedSchema: APPROVAL_SCHEMA as never }) },
        requestState: result.inputRequired.requestState,
      });
    }
    const code = (result._meta?.["omniaudit/error"] as { code?: string } | undefined)?.code;
    // MCP basic/patterns/mrtr: state that fails verification is refused as a protocol error (the call is audited).
    if (code === "CONFIRMATION_STATE_INVALID") throw new ProtocolError(ProtocolErrorCode.InvalidParams, result.content[0]?.text ?? "Invalid requestState");
    // SEP-2663: a client that declared the tasks extension on this request gets a task for a job-starting tool.
    if (unit.era === "modern" && clientDeclaresTasks(ctx)) {
      const task = await taskResultFor(tool.name, result);
      if (task) return task as unknown as CallToolResult;
    }
    const { inputRequired: _none, ...final } = await withResourceLinks(tool.name, result);
    return low.projectCallToolResult(final as CallToolResult, toolJsonSchemas(tool).outputSchema);
  });
}
