import "server-only";
import { confirmations } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { newId } from "@/lib/ids";
import type { ApprovalMode } from "./approval-mode";
import { approveUrlOf } from "./confirmation-view";
import type { ConfirmationRequired } from "./confirmation-required";
import { issueToken } from "./token";


/**
 * Record a pending confirmation for a gated call and issue its token (valid `CONFIRMATION_TTL_SECONDS`).
 * @param args the call's arguments without `confirmation_token`; stored so the operator sees exactly what runs.
 */
export async function createConfirmation(
  db: Db,
  o: { tool: string; args: Record<string, unknown>; argsHash: string; principal: string; requestId: string; summary: string; approval: ApprovalMode },
): Promise<ConfirmationRequired> {
  const id = newId("conf");
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + getEnv().CONFIRMATION_TTL_SECONDS;
  const { token, kid, nonce } = issueToken({ confirmationId: id, tool: o.tool, argsHash: o.argsHash, principal: o.principal, iat, exp });
  await db.insert(confirmations).values({
    id, tool: o.tool, argsHash: o.argsHash, args: o.args, principal: o.principal, requestId: o.requestId, summary: o.summary,
    approvalMode: o.approval, kid, nonce, createdAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000),
  });
  return {
    status: "confirmation_required",
    confirmation_id: id,
    confirmation_token: token,
    expires_at: new Date(exp * 1000).toISOString(),
    approval: o.approval,
    approve_url: approveUrlOf(id),
    summary: o.summary,
  };
}
