import "server-only";
import { hkdfSync } from "node:crypto";
import {
  CLIENT_CAPABILITIES_META_KEY,
  createRequestStateCodec,
  inputResponse,
  type ClientCapabilities,
  type ElicitResult,
  type McpServer,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { decryptSecret, encryptSecret, type SealedSecret } from "@/lib/crypto/secrets";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/observability/logger";
import type { ApprovalAnswer, CallChannel, InChatApproval, LogLevel } from "@/lib/runtime/call-channel";
import { signingKeys } from "@/lib/runtime/confirmations/signing-keys";

/** The one question an in-chat approval asks: a single required boolean (MCP restricted elicitation schema). */
export const APPROVAL_SCHEMA = {
  type: "object",
  properties: { approve: { type: "boolean", title: "Approve this change", description: "Yes runs exactly the change described above, once.", default: false } },
  required: ["approve"],
} as const;

/** The `inputRequests` key of the approval question (2026-07-28 rounds). */
export const APPROVAL_INPUT_KEY = "approve";

/** `accept` only for an accepted form whose `approve` is exactly true; an accepted "no" is a decline. */
function answerOf(action: string, content: unknown): ApprovalAnswer {
  if (action === "accept") return (content as { approve?: unknown } | undefined)?.approve === true ? "accept" : "decline";
  return action === "cancel" ? "cancel" : "decline";
}

/** The key sealing `requestState`: derived (HKDF-SHA256) from the confirmation signing key, so every instance shares it. */
function requestStateKey(): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", signingKeys()[0]!.secret, Buffer.alloc(0), "omniaudit/mrtr-request-state/v1", 32));
}

/** Per-request client capabilities (2026-07-28 `_meta` envelope) or the session's (2025-11-25 initialize). */
export function clientCapabilitiesOf(server: McpServer, ctx: ServerContext, era: "legacy" | "modern"): ClientCapabilities | undefined {
  if (era === "modern") return (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  return server.server.getClientCapabilities();
}

/** Whether the client can show a form to its user (`elicitation: {}` means form, MCP 2025-11-25 client/elicitation). */
function canAskForm(caps: ClientCapabilities | undefined): boolean {
  const e = caps?.elicitation as { form?: unknown; url?: unknown } | undefined;
  return !!e && (e.form !== undefined || e.url === undefined);
}

/**
 * The {@link CallChannel} of one `tools/call`: log lines through the SDK's `ctx.mcpReq.log` (which applies
 * `logging/setLevel` on 2025-11-25 and the request's own `logLevel` on 2026-07-28 — nothing is sent without one there),
 * progress when the request carries `_meta.progressToken` (MCP basic/utilities/progress), and in-chat approval when the
 * client declared form elicitation: push (`elicitation/create`) on a 2025-11-25 session, rounds (`input_required`)
 * on 2026-07-28. A stateless 2025 request has no session to answer on, hence no in-chat approval.
 * @param bind the principal and tool the sealed `requestState` is bound to.
 */
export function channelFor(server: McpServer, ctx: ServerContext, o: { era: "legacy" | "modern"; sessionful: boolean; principal: string; tool: string }): CallChannel {
  const log = getLogger();
  const progressToken = ctx.mcpReq._meta?.progressToken;
  let lastProgress = -Infinity;
  const channel: CallChannel = {
    log: async (level: LogLevel, message: string, data?: Record<string, unknown>) => {
      await ctx.mcpReq.log(level, data ? { message, ...data } : { message }, "omniaudit").catch((e: unknown) => log.debug({ err: e }, "log notification not sent"));
    },
    progress: async (done: number, total: number | undefined, message?: string) => {
      if (progressToken === undefined) return;
      // Progress MUST increase with each notification (MCP basic/utilities/progress): repeats are dropped.
      if (done <= lastProgress) return;
      lastProgress = done;
      await ctx.mcpReq
        .notify({ method: "notifications/progress", params: { progressToken, progress: done, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}) } })
        .catch((e: unknown) => log.debug({ err: e }, "progress notification not sent"));
    },
    signal: ctx.mcpReq.signal,
  };
  const caps = clientCapabilitiesOf(server, ctx, o.era);
  if (!canAskForm(caps)) return channel;
  if (o.era === "legacy") {
    if (!o.sessionful) return channel;
    const approval: InChatApproval = {
      kind: "ask",
      ask: async (message) => {
        const r: ElicitResult = await ctx.mcpReq.elicitInput({ mode: "form", message, requestedSchema: APPROVAL_SCHEMA as never }, { timeout: getEnv().CONFIRMATION_TTL_SECONDS * 1000 });
        return answerOf(r.action, r.content);
      },
    };
    return { ...channel, approval };
  }
  // Sealed twice: AES-256-GCM hides the token from the client (it is useless without approval, but need not be seen),
  // the SDK codec's HMAC + expiry + binding refuses any altered or foreign state before decryption is attempted.
  const binding = `${o.principal}\u0000${o.tool}`;
  const aad = `mrtr-request-state/${binding}`;
  const codec = createRequestStateCodec<{ sealed: SealedSecret }>({ key: requestStateKey(), ttlSeconds: getEnv().CONFIRMATION_TTL_SECONDS, bind: () => binding });
  const raw = ctx.mcpReq.requestState<string>();
  const view = inputResponse(ctx.mcpReq.inputResponses, APPROVAL_INPUT_KEY);
  const approval: InChatApproval = {
    kind: "rounds",
    state: typeof raw === "string" ? raw : undefined,
    answer: view.kind === "elicit" ? answerOf(view.action, (view as { content?: unknown }).content) : undefined,
    seal: (token) => codec.mint({ sealed: encryptSecret(token, aad) }, ctx),
    open: async (state) => {
      const payload = (await codec.verify(state, ctx)) as { sealed?: SealedSecret };
      if (!payload?.sealed) throw new Error("malformed");
      return decryptSecret(payload.sealed, aad);
    },
  };
  return { ...channel, approval };
}
