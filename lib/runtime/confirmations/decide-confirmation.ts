import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import { confirmations } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { toConfirmationView, type ConfirmationView } from "./confirmation-view";

/**
 * An operator approves or denies a pending confirmation, recording who and when. Only a pending, unexpired
 * confirmation can be decided, once.
 * @throws AppError `NOT_FOUND` for an unknown id; `CONFLICT` when it is no longer pending (already decided, used or
 *   expired).
 */
export async function decideConfirmation(db: Db, o: { id: string; decision: "approve" | "deny"; operator: string }): Promise<ConfirmationView> {
  const [row] = await db
    .update(confirmations)
    .set({ status: o.decision === "approve" ? "approved" : "denied", decidedBy: o.operator, decidedAt: sql`now()` })
    .where(and(eq(confirmations.id, o.id), eq(confirmations.status, "pending"), gt(confirmations.expiresAt, sql`now()`)))
    .returning();
  if (row) return toConfirmationView(row);
  const [existing] = await db.select().from(confirmations).where(eq(confirmations.id, o.id)).limit(1);
  if (!existing) throw new AppError("NOT_FOUND", `No confirmation ${o.id}.`);
  const view = toConfirmationView(existing);
  throw new AppError("CONFLICT", `Confirmation ${o.id} is ${view.status}, not pending; it cannot be ${o.decision === "approve" ? "approved" : "denied"}.`, { status: view.status });
}
