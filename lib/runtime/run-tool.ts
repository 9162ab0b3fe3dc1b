import "server-only";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { AppError, toPublicError } from "@/lib/errors";
import { canonicalHash } from "@/lib/crypto/hash";
import { getLogger, logToolCall } from "@/lib/observability/logger";
import { recordPolicyDenied, recordRateLimited, recordToolCall, recordWriteGateDenied } from "@/lib/observability/metrics";
import { withToolSpan } from "@/lib/observability/tracing";
import { getEnv } from "@/lib/env";
import { createGitHubAccess } from "@/lib/github/github-access";
import { getObjectStore } from "@/lib/object-store";
import { findUnsafeString, toSafeJson } from "@/lib/safe-text";
import { effectiveSchemas, isGated, moduleOf, type AnyTool, type ToolCatalog, type ToolContext } from "./define-tool";
import { appendAuditLog } from "@/lib/audit/append-audit-log";
import { SILENT_CHANNEL, type ApprovalRequest, type CallChannel } from "./call-channel";
import { approvalModeFor } from "./confirmations/approval-mode";
import { approveInChat } from "./confirmations/approve-in-chat";
import { createConfirmation } from "./confirmations/create-confirmation";
import { redeemConfirmation } from "./confirmations/redeem-confirmation";
import { checkPolicies } from "./policy/check-policies";
import { checkRateLimit } from "./rate-limit/check-rate-limit";
import { finalizeReceipt } from "./receipts/finalize-receipt";
import { storeReceiptResult } from "./receipts/store-receipt-result";

/** An MCP `resource_link` content block (MCP 2025-11-25 server/tools §Resource Links). */
export type ResourceLinkBlock = { type: "resource_link"; uri: string; name: string; title?: string; description?: string; mimeType?: string; size?: number };

/**
 * An MCP `tools/call` result: structured content plus a text copy, or an error result.
 * `inputRequired` is set instead when an `elicitation`-mode write needs the user's answer first (2026-07-28 rounds):
 * the protocol layer answers `input_required` and the client retries the same call.
 */
export type ToolCallResult = {
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
  inputRequired?: ApprovalRequest;
};

/** A result as the protocol layer sends it: the pipeline's, with `resource_link` blocks added (lib/tools). */
export type McpToolCallResult = Omit<ToolCallResult, "content"> & { content: ({ type: "text"; text: string } | ResourceLinkBlock)[] };

/**
 * `catalog`: the registry, for handlers that look tools up (lib/tools passes it; the runtime never imports it).
 * `channel`: narration and in-chat approval from the protocol layer (default: silent, no in-chat approval).
 */
export type RunToolOptions = { tool: AnyTool; args: unknown; principal: string; requestId: string; catalog?: ToolCatalog; channel?: CallChannel };

const NO_TOOLS: ToolCatalog = { findTool: () => undefined };

/**
 * The context a handler runs with (object store, GitHub access for the caller, no receipt yet). The pipeline builds
 * it for every call; a resource read answered by a read tool's handler (lib/tools/read-via-tool.ts) builds the same.
 */
export function toolContext(o: { principal: string; requestId: string; db: Db; log: ToolContext["log"]; catalog: ToolCatalog; channel?: CallChannel }): ToolContext {
  return { ...o, objectStore: getObjectStore(), github: createGitHubAccess({ db: o.db, env: getEnv() }), receipt: null, channel: o.channel ?? SILENT_CHANNEL };
}

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

function okResult(structured: Record<string, unknown>): ToolCallResult {
  return { content: [{ type: "text", text: JSON.stringify(structured, null, 2) }], structuredContent: structured };
}

/** Run `step`; if it throws, record `decision` (and a metric) before re-throwing. */
async function guard<T>(step: () => Promise<T>, onDeny: (e: unknown) => void): Promise<T> {
  try {
    return await step();
  } catch (e) {
    onDeny(e);
    throw e;
  }
}

/**
 * THE only place a tool handler runs (DESIGN.md §4): refuse unsafe text (NUL, unpaired surrogates — the one check for
 * every string of every tool) → parse input → policy (kill switch, repo allowlist, URL policy)
 * → rate limit → write gate (no token: create a confirmation and return `confirmation_required`; with a token: redeem
 * it atomically, writing a `pending` receipt) → handler → output parse → receipt final (immutable result object) and
 * the hash-chained audit row in one transaction (the audit writer's group commit, shared with the calls queued at the
 * same time) → metrics, log, span. The call is answered only once its audit row is committed.
 *
 * Never throws: actionable failures become `isError` results with a stable code; bugs are logged with the request
 * id and reported as `INTERNAL` without internals.
 */
export async function runTool(o: RunToolOptions): Promise<ToolCallResult> {
  return withToolSpan(o.tool.name, { requestId: o.requestId, principal: o.principal }, () => pipeline(o));
}

/** What the pipeline decided about a call, filled in while it runs and written to the audit row at the end. */
type CallState = { decision: string; receiptId?: string; resultRef?: string; receiptFinalizedLater: boolean };

// Per-tool values computed once, not per call (a gated tool's effective input schema is an `extend`ed zod object).
const inputSchemas = new WeakMap<AnyTool, z.ZodObject>();
function inputSchemaOf(tool: AnyTool): z.ZodObject {
  let schema = inputSchemas.get(tool);
  if (!schema) inputSchemas.set(tool, (schema = effectiveSchemas(tool).input));
  return schema;
}

async function pipeline(o: RunToolOptions): Promise<ToolCallResult> {
  const { tool, args, principal, requestId } = o;
  const started = performance.now();
  const moduleName = moduleOf(tool.name);
  const log = getLogger().child({ request_id: requestId, tool: tool.name, module: moduleName });
  const raw = args && typeof args === "object" && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
  const { confirmation_token: _token, ...callArgs } = raw;
  // Rejected input is still audited: hash a safe copy (NUL and unpaired surrogates cannot be canonicalised or stored).
  const unsafeAt = findUnsafeString(raw);
  let inputsHash: string;
  try {
    inputsHash = canonicalHash(unsafeAt ? toSafeJson(callArgs) : callArgs);
  } catch {
    inputsHash = canonicalHash(null);
  }
  const db = await getDb();
  const state: CallState = { decision: "allowed", receiptFinalizedLater: false };
  let result: ToolCallResult;
  try {
    result = await execute(o, { db, log, raw, unsafeAt, state });
  } catch (e) {
    const pub = toPublicError(e);
    if (pub.code === "INTERNAL") log.error({ err: e }, "tool handler failed");
    result = errorResult(pub.code, pub.message, pub.details);
  }
  // Every call is audited exactly once, and answered only after its row is committed. A receipt a job finalises stays
  // pending — unless the call failed, in which case no job owns it.
  const { receiptId, receiptFinalizedLater } = state;
  const finalizeNow = receiptId && !(receiptFinalizedLater && !result.isError) ? receiptId : undefined;
  return record(db, { tool, module: moduleName, principal, requestId, inputsHash, decision: state.decision, receiptId: finalizeNow, resultRef: state.resultRef, result, started, log });
}

type Call = { db: Db; log: ToolContext["log"]; raw: Record<string, unknown>; unsafeAt: string | undefined; state: CallState };

/** Input parse → policy → rate limit → write gate → handler → output parse; records its decisions in `state`. */
async function execute({ tool, principal, requestId, catalog = NO_TOOLS, channel = SILENT_CHANNEL }: RunToolOptions, { db, log, raw, unsafeAt, state }: Call): Promise<ToolCallResult> {
  const token = raw.confirmation_token;
  if (unsafeAt) {
    state.decision = "invalid_input";
    throw new AppError("VALIDATION_ERROR", `Invalid arguments for ${tool.name}: ${unsafeAt}: text must not contain NUL characters or unpaired UTF-16 surrogates.`, { field: unsafeAt });
  }
  const parsed = inputSchemaOf(tool).safeParse(raw);
  if (!parsed.success) {
    state.decision = "invalid_input";
    throw new AppError("VALIDATION_ERROR", `Invalid arguments for ${tool.name}: ${describeZodError(parsed.error)}`);
  }
  const { confirmation_token: _t, ...input } = parsed.data as Record<string, unknown>;
  const targets = tool.targets?.(input) ?? {};
  // No statement at all for a read tool without targets; see checkPolicies.
  await guard(() => checkPolicies(db, { tool: tool.name, risk: tool.risk, targets }), (e) => {
    state.decision = "denied_policy";
    recordPolicyDenied(tool.name, String((e as AppError).details?.policy ?? "unknown"));
  });
  if (tool.rateLimit) {
    const bucket = tool.rateLimit.bucket;
    await guard(() => checkRateLimit(db, principal, bucket), () => {
      state.decision = "rate_limited";
      recordRateLimited(bucket);
    });
  }
  const ctx = toolContext({ principal, requestId, db, log, catalog, channel });
  if (isGated(tool) && tool.needsConfirmation?.(input) !== false) {
    const argsHash = canonicalHash(input);
    let redeemable = typeof token === "string" ? token : undefined;
    if (!redeemable) {
      const mode = approvalModeFor(tool.name, targets.repos);
      const inChat = mode === "elicitation" ? channel.approval : undefined;
      if (!inChat) {
        state.decision = "confirmation_required";
        const summary = await tool.summarize!(input, ctx);
        const approval = mode === "elicitation" ? getEnv().CONFIRMATION_ELICITATION_FALLBACK : mode;
        return okResult(await createConfirmation(db, { tool: tool.name, args: input, argsHash, principal, requestId, summary, approval }));
      }
      const outcome = await guard(
        () => approveInChat(db, inChat, { tool: tool.name, title: tool.title, args: input, argsHash, principal, requestId, summary: () => tool.summarize!(input, ctx) }),
        (e) => {
          state.decision = (e as AppError).code === "CONFIRMATION_DECLINED" ? "confirmation_declined" : "confirmation_rejected";
          recordWriteGateDenied(tool.name, toPublicError(e).code);
        },
      );
      if ("request" in outcome) {
        state.decision = "confirmation_required";
        const pending = { status: "approval_requested", confirmation_id: outcome.request.confirmationId, message: outcome.request.message };
        return { ...okResult(pending), inputRequired: outcome.request };
      }
      redeemable = outcome.token;
    }
    const { receiptId } = await guard(() => redeemConfirmation(db, { token: redeemable, tool: tool.name, argsHash, principal, requestId }), (e) => {
      state.decision = "confirmation_rejected";
      recordWriteGateDenied(tool.name, toPublicError(e).code);
    });
    state.receiptId = receiptId;
    state.decision = "confirmed";
    ctx.receipt = { id: receiptId, finalizeLater: () => void (state.receiptFinalizedLater = true) };
  }
  const output = await tool.handler(input, ctx);
  const checked = tool.output.safeParse(output);
  if (!checked.success) throw new Error(`Output of ${tool.name} does not match its schema: ${describeZodError(checked.error)}`);
  let structured = checked.data as Record<string, unknown>;
  if (state.receiptId) {
    structured = { ...structured, receipt_id: state.receiptId };
    if (!state.receiptFinalizedLater) state.resultRef = await storeReceiptResult({ receiptId: state.receiptId, operation: tool.name, actor: principal, inputsHash: canonicalHash(input), requestId, output: checked.data });
  }
  return okResult(structured);
}

/** What a call whose audit row could not be committed is answered instead of its result. */
const UNRECORDED = "Internal error: this call could not be recorded in the audit log, so its result is withheld; see the server log for the request id.";

/**
 * Final receipt (when the call has one to close now) and audit row, atomically: the receipt's UPDATE runs as the
 * row's `with` statement inside the audit writer's batch transaction, under the chain lock, so both commit or neither
 * does — as when each call had its own transaction, but sharing the commit with the calls queued at the same time.
 * Then metrics and the tool-call log line.
 * @returns the call's result — or, when its row could not be committed, an `INTERNAL` error result: no call is
 *   answered as done without its audit row (its receipt, if any, then stays `pending`).
 */
async function record(
  db: Db,
  r: { tool: AnyTool; module: string; principal: string; requestId: string; inputsHash: string; decision: string; receiptId?: string; resultRef?: string; result: ToolCallResult; started: number; log: ToolContext["log"] },
): Promise<ToolCallResult> {
  const durationMs = Math.round(performance.now() - r.started);
  let result = r.result;
  const codeOf = (res: ToolCallResult) => (res.isError ? ((res._meta?.["omniaudit/error"] as { code: string } | undefined)?.code ?? "INTERNAL") : null);
  const errorCode = codeOf(result);
  const receiptId = r.receiptId;
  const finalize = receiptId
    ? (tx: Db) => finalizeReceipt(tx, receiptId, r.resultRef ? { status: "succeeded", resultRef: r.resultRef } : { status: "failed", error: { code: errorCode ?? "INTERNAL", message: result.content[0]?.text ?? "" } })
    : undefined;
  try {
    await appendAuditLog(
      db,
      { requestId: r.requestId, principal: r.principal, tool: r.tool.name, module: r.module, inputsHash: r.inputsHash, decision: r.decision, status: result.isError ? "error" : "ok", durationMs, errorCode },
      { with: finalize },
    );
  } catch (e) {
    r.log.error({ err: e, receipt_id: receiptId }, "receipt/audit write failed; the call is answered with an error");
    result = errorResult("INTERNAL", UNRECORDED);
  }
  const status = result.isError ? "error" : "ok";
  recordToolCall(r.tool.name, status, durationMs / 1000);
  logToolCall({ requestId: r.requestId, tool: r.tool.name, module: r.module, durationMs, status, error: codeOf(result) });
  return result;
}
