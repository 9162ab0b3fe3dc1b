import "server-only";
import { ResourceNotFoundError } from "@modelcontextprotocol/server";
import type { z } from "zod";
import { getDb } from "@/lib/db/client";
import { getLogger } from "@/lib/observability/logger";
import { currentRequestContext } from "@/lib/observability/request-context";
import type { ToolDefinition } from "@/lib/runtime/define-tool";
import { toolContext } from "@/lib/runtime/run-tool";
import { findTool } from "./registry";

/**
 * A resource read answered by the read tool that shows the same record (`omniaudit://scans/<id>` ↔
 * `sitelint_get_scan`), so the resource is exactly what the tool returns and follows exactly its access rule — the
 * handler is the single place that rule lives. The handler runs with the caller's principal and request id
 * (`currentRequestContext()`), the input is parsed with the tool's own schema and the output checked against its
 * output schema. Not a tool call: no policy step, rate limit or audit row (read tools that a resource mirrors have no
 * policy target and no rate-limit bucket).
 * @param input the tool arguments built from the URI's variables.
 * @throws ResourceNotFoundError(uri) when the input is not one the tool accepts (a malformed id); whatever the handler
 *   throws otherwise (AppError NOT_FOUND for an unknown id — `guardCallback` maps it).
 */
export async function readViaTool<I extends z.ZodObject, O extends z.ZodObject>(tool: ToolDefinition<I, O>, input: Record<string, unknown>, uri: string): Promise<z.infer<O>> {
  const parsed = tool.input.safeParse(input);
  if (!parsed.success) throw new ResourceNotFoundError(uri);
  const { principal, requestId } = currentRequestContext();
  const db = await getDb();
  const ctx = toolContext({ principal, requestId, db, log: getLogger().child({ request_id: requestId, resource: uri.slice(0, 200) }), catalog: { findTool } });
  return tool.output.parse(await tool.handler(parsed.data, ctx));
}
