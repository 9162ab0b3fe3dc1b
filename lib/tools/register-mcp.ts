import "server-only";
import { ProtocolError, ProtocolErrorCode, type McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { canonicalHash } from "@/lib/crypto/hash";
import { appendAuditLog } from "@/lib/audit/append-audit-log";
import { currentRequestContext } from "@/lib/observability/request-context";
import { toSafeJson, toSafeText } from "@/lib/safe-text";
import { runTool } from "@/lib/runtime/run-tool";
import { jsonSchemasOf } from "@/lib/runtime/define-tool";
import { listedTools } from "./list-tools";
import { findTool } from "./registry";

const CallParams = z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()).optional() });

/**
 * Serve the registry over MCP. `tools/list` and `tools/call` are handled here instead of `registerTool`, so that
 * `tools/call` accepts the dotted alias of every name and every call — including invalid input — goes through
 * `runTool` (audit, policy) rather than the SDK's own validation.
 */
export function registerMcp(server: McpServer): void {
  const low = server.server;
  low.registerCapabilities({ tools: { listChanged: false } });
  low.setRequestHandler("tools/list", () => ({ tools: listedTools() }));
  low.setRequestHandler("tools/call", async (request) => {
    const params = CallParams.parse(request.params);
    const context = currentRequestContext();
    context.toolCallHandled = true;
    const { requestId, principal } = context;
    const tool = findTool(params.name);
    if (!tool) {
      const db = await getDb();
      const name = toSafeText(params.name).slice(0, 200);
      await appendAuditLog(db, {
        requestId, principal, tool: name, module: "unknown",
        inputsHash: canonicalHash(toSafeJson(params.arguments ?? {})), decision: "unknown_tool", status: "error", durationMs: 0, errorCode: "UNKNOWN_TOOL",
      });
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool ${JSON.stringify(name)}. Call tools/list for the available tools (e.g. sitelint_start_scan; dotted names like sitelint.start_scan are accepted too).`);
    }
    const result = await runTool({ tool, args: params.arguments, principal, requestId, catalog: { findTool } });
    return low.projectCallToolResult(result, jsonSchemasOf(tool).outputSchema);
  });
}
