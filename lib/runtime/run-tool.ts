import "server-only";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError, toPublicError } from "@/lib/errors";
import { canonicalHash } from "@/lib/crypto/hash";
import { getLogger } from "@/lib/observability/logger";
import { getObjectStore } from "@/lib/object-store";
import { moduleOf, type AnyTool, type ToolContext } from "@/lib/tools/define-tool";
import { appendAuditLog } from "./audit/append-audit-log";
import { assertUrlAllowed } from "./policy/url-policy";

/** An MCP `tools/call` result: structured content plus a text copy, or an error result. */
export type ToolCallResult = {
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
};

export type RunToolOptions = { tool: AnyTool; args: unknown; principal: string; requestId: string };

/** Turn a zod error into one line naming each bad field. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(arguments)"}: ${i.message}`).join("; ");
}

/** Build the MCP error result for an actionable error (stable `code` in text and `_meta`). */
export function errorResult(code: string, message: string, details?: Record<string, unknown>): ToolCallResult {
  const extra = details ? `\n${JSON.stringify(details)}` : "";
  return {
    content: [{ type: "text", text: `Error ${code}: ${message}${extra}` }],
    isError: true,
    _meta: { "omniaudit/error": { code, message, ...(details ? { details } : {}) } },
  };
}

/**
 * THE only place a tool handler runs (DESIGN.md §4):
 * parse input → policy → [rate limit → write gate → receipt(pending)] → handler → output parse → audit row + log.
 * Rate limits, the write gate and receipts arrive with the governance runtime; until then a tool whose risk is not
 * `read` is refused here rather than run ungated.
 *
 * Never throws: actionable failures become `isError` results with a stable code; bugs are logged with the request
 * id and reported as `INTERNAL` without internals.
 */
export async function runTool({ tool, args, principal, requestId }: RunToolOptions): Promise<ToolCallResult> {
  const started = performance.now();
  const log = getLogger().child({ request_id: requestId, tool: tool.name, module: moduleOf(tool.name) });
  let decision = "allowed";
  let result: ToolCallResult;
  let errorCode: string | null = null;
  const rawArgs = args ?? {};
  let inputsHash: string;
  try {
    inputsHash = canonicalHash(rawArgs);
  } catch {
    inputsHash = canonicalHash(null);
  }
  const db = await getDb();
  try {
    // 1. Parse input.
    const parsed = tool.input.safeParse(rawArgs);
    if (!parsed.success) {
      decision = "invalid_input";
      throw new AppError("VALIDATION_ERROR", `Invalid arguments for ${tool.name}: ${describeZodError(parsed.error)}`);
    }
    const input = parsed.data;
    // 2. Policy.
    if (tool.risk !== "read") {
      decision = "denied_policy";
      throw new AppError("POLICY_DENIED", `${tool.name} changes state and the write gate is not configured on this server.`);
    }
    const targets = tool.targets?.(input) ?? {};
    if (targets.urls?.length) {
      const env = getEnv();
      const policy = { allowlist: env.SITELINT_URL_ALLOWLIST, denylist: env.SITELINT_URL_DENYLIST };
      try {
        for (const u of targets.urls) await assertUrlAllowed(u, policy);
      } catch (e) {
        decision = "denied_policy";
        throw e;
      }
    }
    // 5. Handler, then output parse (a mismatch is our bug, not the caller's).
    const ctx: ToolContext = { principal, requestId, db, objectStore: getObjectStore(), log };
    const output = await tool.handler(input, ctx);
    const checked = tool.output.safeParse(output);
    if (!checked.success) throw new Error(`Output of ${tool.name} does not match its schema: ${describeZodError(checked.error)}`);
    const structured = checked.data as Record<string, unknown>;
    result = { content: [{ type: "text", text: JSON.stringify(structured, null, 2) }], structuredContent: structured };
  } catch (e) {
    const pub = toPublicError(e);
    errorCode = pub.code;
    if (pub.code === "INTERNAL") log.error({ err: e }, "tool handler failed");
    result = errorResult(pub.code, pub.message, pub.details);
  }
  const durationMs = Math.round(performance.now() - started);
  const status = result.isError ? "error" : "ok";
  try {
    await appendAuditLog(db, { requestId, principal, tool: tool.name, module: moduleOf(tool.name), inputsHash, decision, status, durationMs, errorCode });
  } catch (e) {
    log.error({ err: e }, "audit log append failed");
  }
  log.info({ duration_ms: durationMs, status, error: errorCode ?? undefined }, "tool call");
  return result;
}
