import { z } from "zod";
import type { confirmations } from "@/drizzle/schema";
import { getEnv } from "@/lib/env";

export const ConfirmationStatus = z.enum(["pending", "approved", "denied", "consumed", "expired"]);

/** A confirmation as tools and the REST API show it; `expired` is derived for a pending/approved one past its expiry. */
export const ConfirmationView = z.object({
  confirmation_id: z.string(),
  tool: z.string(),
  status: ConfirmationStatus,
  approval: z.enum(["operator", "token", "elicitation"]),
  summary: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  args_hash: z.string().describe("SHA-256 of the RFC 8785 canonical arguments"),
  principal: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  consumed_at: z.string().nullable(),
  approve_url: z.string(),
});
export type ConfirmationView = z.infer<typeof ConfirmationView>;

/** URL of a confirmation in the operator console. */
export function approveUrlOf(id: string): string {
  return `${getEnv().baseUrl}/confirmations/${id}`;
}

/** Map a row to its view. */
export function toConfirmationView(r: typeof confirmations.$inferSelect, now = new Date()): ConfirmationView {
  const live = r.status === "pending" || r.status === "approved";
  return {
    confirmation_id: r.id,
    tool: r.tool,
    status: live && r.expiresAt <= now ? "expired" : r.status,
    approval: r.approvalMode,
    summary: r.summary,
    arguments: r.args as Record<string, unknown>,
    args_hash: r.argsHash,
    principal: r.principal,
    created_at: r.createdAt.toISOString(),
    expires_at: r.expiresAt.toISOString(),
    decided_by: r.decidedBy,
    decided_at: r.decidedAt?.toISOString() ?? null,
    consumed_at: r.consumedAt?.toISOString() ?? null,
    approve_url: approveUrlOf(r.id),
  };
}
