import "server-only";
import { performance } from "node:perf_hooks";
import { CLIENT_CAPABILITIES_META_KEY, MissingRequiredClientCapabilityError, ProtocolError, ProtocolErrorCode, type McpServer, type ServerContext } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { jobs } from "@/drizzle/schema";
import { appendAuditLog } from "@/lib/audit/append-audit-log";
import { canonicalHash } from "@/lib/crypto/hash";
import { getDb } from "@/lib/db/client";
import { cancelJob } from "@/lib/jobs/cancel-job";
import { getJobRow } from "@/lib/jobs/queries";
import { getLogger } from "@/lib/observability/logger";
import { currentRequestContext } from "@/lib/observability/request-context";
import type { ToolCallResult } from "@/lib/runtime/run-tool";
import { taskOf, type CreateTaskResult } from "./task-view";
import { taskToolByName } from "./task-tools";

/**
 * Long jobs as MCP tasks: the tasks extension `io.modelcontextprotocol/tasks` (SEP-2663, spec "Tasks", protocol
 * revision 2026-07-28 only). A task is a durable job (`jobs` row); its id is the job id. See docs/mcp-tasks.md.
 */
export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

/** The audit-log tool name of a `tasks/cancel` (the one task method that changes state). */
export const CANCEL_TASK_AUDIT_TOOL = "core_cancel_task";

const TaskIdParams = z.object({ taskId: z.string().min(1).max(200) });
const UpdateTaskParams = TaskIdParams.extend({ inputResponses: z.record(z.string(), z.unknown()).optional() });
const DeclaredCapabilities = z.object({ extensions: z.record(z.string(), z.unknown()).optional() });

/**
 * Whether this request declares the tasks extension in its per-request client capabilities (`_meta`
 * `io.modelcontextprotocol/clientCapabilities.extensions["io.modelcontextprotocol/tasks"]`, an object; spec "Tasks"
 * §Capability Negotiation). Only 2026-07-28 requests carry that envelope: a 2025-era request is always `false`.
 */
export function clientDeclaresTasks(ctx: Pick<ServerContext, "mcpReq">): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const declared = DeclaredCapabilities.safeParse(envelope?.[CLIENT_CAPABILITIES_META_KEY]);
  const ext = declared.success ? declared.data.extensions?.[TASKS_EXTENSION] : undefined;
  return typeof ext === "object" && ext !== null && !Array.isArray(ext);
}

/**
 * The `CreateTaskResult` (`resultType: "task"`, status `working`) for a successful call of a job-starting tool
 * (`task-tools.ts`: `sitelint_start_scan`, `auditlens_triage_run`, `releasebutler_verify_checksums` in job mode,
 * `releasebutler_create_release` once confirmed), read back from the job's row — so it is returned only once
 * `tasks/get` resolves (spec §Task Creation, durability MUST).
 * @param toolName the resolved tool's name; `result` what `runTool` returned for the call (any content type).
 * @returns null for any other tool, an error result, a call that started no job, or a job already final (the
 *   synchronous result is then complete: the spec's immediate-result shortcut).
 */
export async function taskResultFor(toolName: string, result: Pick<ToolCallResult, "structuredContent" | "isError">): Promise<CreateTaskResult | null> {
  const t = taskToolByName(toolName);
  if (!t || result.isError || !result.structuredContent) return null;
  const jobId = t.jobIdOf(result.structuredContent);
  if (!jobId) return null;
  const row = await getJobRow(await getDb(), jobId);
  if (!row || row.functionId !== t.functionId || (row.status !== "queued" && row.status !== "running")) return null;
  const { resultType: _complete, ...task } = await taskOf(row);
  return { ...task, status: "working", resultType: "task" } as CreateTaskResult;
}

/** -32021 with the missing extension (spec §Error Handling): tasks/* need the extension on the request itself. */
function requireTasks(ctx: ServerContext): void {
  if (clientDeclaresTasks(ctx)) return;
  throw new MissingRequiredClientCapabilityError(
    { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    `Missing required client capability: declare the ${TASKS_EXTENSION} extension in this request's client capabilities to use tasks.`,
  );
}

/** The caller's job for a task id. @throws ProtocolError -32602 "Task not found" for an unknown id or another principal's job. */
async function ownedJob(taskId: string, verb: string): Promise<typeof jobs.$inferSelect> {
  const row = await getJobRow(await getDb(), taskId);
  // Another principal's job is answered exactly like an unknown id: its existence is not revealed.
  if (!row || row.principal !== currentRequestContext().principal) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Failed to ${verb} task: Task not found`);
  return row;
}

/** Run a task method: protocol errors pass through; anything else is logged and answered -32603 without internals. */
function handled<P>(method: string, fn: (params: P, ctx: ServerContext) => Promise<Record<string, unknown>>) {
  return async (params: P, ctx: ServerContext) => {
    try {
      return await fn(params, ctx);
    } catch (e) {
      if (e instanceof ProtocolError) throw e;
      getLogger().error({ err: e, method, request_id: currentRequestContext().requestId }, "task method failed");
      throw new ProtocolError(ProtocolErrorCode.InternalError, "Internal error; see the server log for the request id.");
    }
  };
}

async function cancelTask({ taskId }: z.infer<typeof TaskIdParams>, ctx: ServerContext) {
  requireTasks(ctx);
  const started = performance.now();
  const { requestId, principal } = currentRequestContext();
  const db = await getDb();
  const audit = (status: "ok" | "error", decision: string) =>
    appendAuditLog(db, { requestId, principal, tool: CANCEL_TASK_AUDIT_TOOL, module: "core", inputsHash: canonicalHash({ taskId }), decision, status, durationMs: Math.round(performance.now() - started), errorCode: status === "error" ? "NOT_FOUND" : null });
  let row: typeof jobs.$inferSelect;
  try {
    row = await ownedJob(taskId, "cancel");
  } catch (e) {
    await audit("error", "unknown_task");
    throw e;
  }
  // Idempotent on a cancelled or finished task (same empty ack): cancellation is cooperative (spec §Task Cancellation).
  const { outcome } = await cancelJob(db, row.id, { principal, reason: "tasks/cancel" });
  await audit("ok", outcome);
  return { resultType: "complete" };
}

/**
 * Serve the tasks extension on a 2026-07-28 server: advertise `capabilities.extensions["io.modelcontextprotocol/
 * tasks"] = {}` and handle, on the low-level `Server` with explicit param schemas (the SDK dispatches the names the
 * 2026 era removed from core only when registered with a schema):
 * - `tasks/get` → the job as a task (`task-view.ts`: working / completed with the tool's result / cancelled);
 * - `tasks/update` → empty ack (our jobs never ask for input, so no key is outstanding and every one is ignored);
 * - `tasks/cancel` → `cancelJob`, audited as `core_cancel_task`, empty ack (also on a finished task).
 * Every method answers -32021 to a request not declaring the extension and -32602 "Task not found" for an unknown id
 * or another principal's job. Never call it for a 2025-era server (`tasks/*` there is the older, different spec).
 */
export function registerTasks(server: McpServer): void {
  const low = server.server;
  low.registerCapabilities({ extensions: { [TASKS_EXTENSION]: {} } });
  low.setRequestHandler("tasks/get", { params: TaskIdParams }, handled("tasks/get", async ({ taskId }: z.infer<typeof TaskIdParams>, ctx) => {
    requireTasks(ctx);
    return taskOf(await ownedJob(taskId, "retrieve"));
  }));
  low.setRequestHandler("tasks/update", { params: UpdateTaskParams }, handled("tasks/update", async ({ taskId }: z.infer<typeof UpdateTaskParams>, ctx) => {
    requireTasks(ctx);
    await ownedJob(taskId, "update");
    return { resultType: "complete" };
  }));
  low.setRequestHandler("tasks/cancel", { params: TaskIdParams }, handled("tasks/cancel", cancelTask));
}
