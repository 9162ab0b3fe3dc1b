import "server-only";
import { eq } from "drizzle-orm";
import { confirmations } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import type { ApprovalAnswer, ApprovalRequest, InChatApproval } from "../call-channel";
import { createConfirmation } from "./create-confirmation";
import { decideConfirmation } from "./decide-confirmation";
import { parseToken } from "./token";

/** The gated call being approved: the same fields a confirmation is bound to, and its plain summary. */
export type ApprovalCall = { tool: string; title: string; args: Record<string, unknown>; argsHash: string; principal: string; requestId: string; summary: () => Promise<string> };

/** Outcome: a token to redeem now (the user approved), or a request to send back (`input_required`, first round). */
export type InChatOutcome = { token: string } | { request: ApprovalRequest };

/** The text the user reads before approving: what will happen, which tool, for whom, until when. */
export function approvalMessage(o: { title: string; tool: string; summary: string; principal: string; expiresAt: string; confirmationId: string }): string {
  return [
    `Approve this change? ${o.summary}`,
    ``,
    `Tool: ${o.title} (${o.tool}) · requested by ${o.principal} · expires ${o.expiresAt} · confirmation ${o.confirmationId}.`,
    `Approve only if you asked for this change: your answer goes to OmniAudit, not to the assistant.`,
  ].join("\n");
}

/** Record the user's answer on the confirmation. @throws AppError `CONFIRMATION_DECLINED` for anything but accept. */
async function settle(db: Db, confirmationId: string, answer: ApprovalAnswer, principal: string): Promise<void> {
  const operator = `${principal} (in chat)`;
  try {
    await decideConfirmation(db, { id: confirmationId, decision: answer === "accept" ? "approve" : "deny", operator });
  } catch (e) {
    // No longer pending (decided, used or expired): on accept, redeeming reports exactly which (a replay is
    // CONFIRMATION_ALREADY_USED); on decline there is nothing left to deny.
    if (!(isAppError(e) && e.code === "CONFLICT")) throw e;
  }
  if (answer !== "accept") {
    throw new AppError("CONFIRMATION_DECLINED", `The user ${answer === "cancel" ? "dismissed" : "declined"} the approval of confirmation ${confirmationId}; nothing was changed. Call the tool again to ask once more.`, { confirmation_id: confirmationId });
  }
}

/**
 * Approval inside the chat for an `elicitation`-mode write (docs/approval.md). The confirmation is the same row, token
 * and bindings (tool, exact arguments, principal, expiry, single use) as in the other modes; only the approver
 * differs: the user answers the client's own prompt, which the model cannot answer for them.
 *
 * - `ask` (2025-11-25): creates the confirmation, asks now, records the answer, returns the token to redeem.
 * - `rounds` (2026-07-28): the first round creates the confirmation and returns the request plus a sealed
 *   `requestState` holding its token; the retry opens the state (refusing one that was altered, expired or minted for
 *   another caller or tool), records the answer and returns the token. A retry without an answer asks again.
 * @throws AppError `CONFIRMATION_DECLINED` (declined or dismissed; the confirmation is denied), `CONFIRMATION_STATE_INVALID`
 *   (the echoed state fails verification), and the redeem errors of a state whose confirmation is no longer pending.
 */
export async function approveInChat(db: Db, approval: InChatApproval, call: ApprovalCall): Promise<InChatOutcome> {
  const create = async () => {
    const summary = await call.summary();
    const conf = await createConfirmation(db, { tool: call.tool, args: call.args, argsHash: call.argsHash, principal: call.principal, requestId: call.requestId, summary, approval: "elicitation" });
    const message = approvalMessage({ title: call.title, tool: call.tool, summary, principal: call.principal, expiresAt: conf.expires_at, confirmationId: conf.confirmation_id });
    return { conf, message };
  };
  if (approval.kind === "ask") {
    const { conf, message } = await create();
    await settle(db, conf.confirmation_id, await approval.ask(message), call.principal);
    return { token: conf.confirmation_token };
  }
  if (approval.state === undefined) {
    const { conf, message } = await create();
    return { request: { message, requestState: await approval.seal(conf.confirmation_token), confirmationId: conf.confirmation_id } };
  }
  let token: string;
  try {
    token = await approval.open(approval.state);
  } catch {
    throw new AppError("CONFIRMATION_STATE_INVALID", "The requestState of this retry does not verify (altered, expired, or issued for another caller or tool). Call the tool again without it to ask for approval anew.");
  }
  const { confirmationId } = parseToken(token);
  if (approval.answer === undefined) {
    const [row] = await db.select().from(confirmations).where(eq(confirmations.id, confirmationId)).limit(1);
    if (!row) throw new AppError("CONFIRMATION_INVALID", "confirmation_token is not valid (unknown or altered).");
    const message = approvalMessage({ title: call.title, tool: call.tool, summary: row.summary, principal: call.principal, expiresAt: row.expiresAt.toISOString(), confirmationId });
    return { request: { message, requestState: approval.state, confirmationId } };
  }
  await settle(db, confirmationId, approval.answer, call.principal);
  return { token };
}
