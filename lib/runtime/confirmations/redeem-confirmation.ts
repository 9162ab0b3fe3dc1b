import "server-only";
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { confirmations, receipts } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { parseToken, verifyTokenMac } from "./token";

export type Redemption = { confirmationId: string; receiptId: string };

/** Reject a confirmation that cannot be redeemed now, with the code that says why. */
function assertRedeemable(row: typeof confirmations.$inferSelect, now: Date, receiptId?: string): void {
  if (row.status === "consumed") {
    const where = receiptId ? ` Its result is in receipt ${receiptId} (core_get_receipt) — read it before calling again.` : "";
    throw new AppError("CONFIRMATION_ALREADY_USED", `Confirmation ${row.id} was already used.${where} To run the call again, request a new confirmation by calling the tool without confirmation_token.`, receiptId ? { receipt_id: receiptId } : undefined);
  }
  if (row.status === "denied") throw new AppError("CONFIRMATION_DENIED", `An operator denied confirmation ${row.id}${row.decidedBy ? ` (${row.decidedBy})` : ""}.`);
  if (row.status === "expired" || row.expiresAt <= now) throw new AppError("CONFIRMATION_EXPIRED", `Confirmation ${row.id} expired at ${row.expiresAt.toISOString()}; call the tool again without confirmation_token.`);
  if (row.approvalMode !== "token" && row.status !== "approved") {
    const who = row.approvalMode === "operator" ? "an operator's approval" : "the user's approval in the chat (or an operator's)";
    throw new AppError("CONFIRMATION_NOT_APPROVED", `Confirmation ${row.id} is waiting for ${who}; check it with core_get_confirmation and retry once approved.`, { confirmation_id: row.id });
  }
}

/**
 * Redeem a confirmation token for a call, atomically and once: the confirmation is marked consumed and a `pending`
 * receipt is written in one transaction, so of N concurrent calls with one token exactly one proceeds, and a retried
 * confirmation never yields a second receipt.
 * @throws AppError `CONFIRMATION_INVALID` (malformed, unknown or tampered token), `CONFIRMATION_TOOL_MISMATCH`,
 *   `CONFIRMATION_ARGS_MISMATCH`, `CONFIRMATION_PRINCIPAL_MISMATCH`, `CONFIRMATION_EXPIRED`, `CONFIRMATION_DENIED`,
 *   `CONFIRMATION_NOT_APPROVED` (operator or elicitation mode, not yet approved), `CONFIRMATION_ALREADY_USED` (replay).
 */
export async function redeemConfirmation(
  db: Db,
  call: { token: string; tool: string; argsHash: string; principal: string; requestId: string },
): Promise<Redemption> {
  const claims = parseToken(call.token);
  const [row] = await db.select().from(confirmations).where(eq(confirmations.id, claims.confirmationId)).limit(1);
  const genuine =
    row &&
    row.kid === claims.kid &&
    row.nonce === claims.nonce &&
    Math.floor(row.createdAt.getTime() / 1000) === claims.iat &&
    Math.floor(row.expiresAt.getTime() / 1000) === claims.exp &&
    verifyTokenMac(claims, { confirmationId: row.id, tool: row.tool, argsHash: row.argsHash, principal: row.principal });
  if (!row || !genuine) throw new AppError("CONFIRMATION_INVALID", "confirmation_token is not valid (unknown or altered).");
  if (call.tool !== row.tool) throw new AppError("CONFIRMATION_TOOL_MISMATCH", `This token confirms ${row.tool}, not ${call.tool}.`);
  if (call.argsHash !== row.argsHash) throw new AppError("CONFIRMATION_ARGS_MISMATCH", "The arguments differ from the ones confirmed; call again with exactly the same arguments.");
  if (call.principal !== row.principal) throw new AppError("CONFIRMATION_PRINCIPAL_MISMATCH", "This token was issued to another caller.");
  // A replay (often a client retrying after a lost response) learns where the first call's result is.
  const receiptOf = async () => (await db.select({ id: receipts.id }).from(receipts).where(eq(receipts.confirmationId, row.id)).limit(1))[0]?.id;
  assertRedeemable(row, new Date(), row.status === "consumed" ? await receiptOf() : undefined);

  return db.transaction(async (tx) => {
    const allowed = row.approvalMode === "token" ? (["pending", "approved"] as const) : (["approved"] as const);
    const [won] = await tx
      .update(confirmations)
      .set({ status: "consumed", consumedAt: sql`now()` })
      .where(and(eq(confirmations.id, row.id), inArray(confirmations.status, [...allowed]), gt(confirmations.expiresAt, sql`now()`)))
      .returning({ id: confirmations.id });
    if (!won) {
      const [now] = await tx.select().from(confirmations).where(eq(confirmations.id, row.id));
      assertRedeemable(now!, new Date());
      throw new AppError("CONFIRMATION_ALREADY_USED", `Confirmation ${row.id} was already used (by a concurrent call).`);
    }
    const receiptId = newId("rcpt");
    await tx.insert(receipts).values({ id: receiptId, operation: row.tool, inputsHash: row.argsHash, actor: row.principal, confirmationId: row.id, requestId: call.requestId });
    return { confirmationId: row.id, receiptId };
  });
}
