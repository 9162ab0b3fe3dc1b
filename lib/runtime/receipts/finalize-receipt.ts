import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { receipts } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/**
 * Close a receipt once: `succeeded` with the ref of its immutable result object, or `failed` with the error.
 * Runs inside the caller's transaction (together with the audit-log row). `onlyPending`: leave a final receipt as it
 * is (a job step replayed after it finalised).
 */
export async function finalizeReceipt(
  db: Db,
  id: string,
  outcome: { status: "succeeded"; resultRef: string } | { status: "failed"; error: { code: string; message: string } },
  o: { onlyPending?: boolean } = {},
): Promise<void> {
  await db
    .update(receipts)
    .set({
      status: outcome.status,
      resultRef: outcome.status === "succeeded" ? outcome.resultRef : null,
      error: outcome.status === "failed" ? outcome.error : null,
      finishedAt: sql`now()`,
    })
    .where(o.onlyPending ? and(eq(receipts.id, id), eq(receipts.status, "pending")) : eq(receipts.id, id));
}
