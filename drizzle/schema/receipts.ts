import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { searchVector, type SearchColumns } from "./search-vector";

/**
 * Receipts of state-changing operations (DESIGN.md §7 `Receipt`). Invariants: written `pending` before the side
 * effect; finalised once to `succeeded` with `result_ref` (an immutable object) or `failed` with `error`; at most one
 * receipt per confirmation.
 */
export const receipts = pgTable(
  "receipts",
  {
    id: text("id").primaryKey(),
    operation: text("operation").notNull(),
    inputsHash: text("inputs_hash").notNull(),
    actor: text("actor").notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull().default("pending"),
    resultRef: text("result_ref"),
    error: jsonb("error").$type<{ code: string; message: string } | null>(),
    confirmationId: text("confirmation_id").unique(),
    requestId: text("request_id"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("receipts_search_idx").using("gin", receiptSearchVector(t))],
);

/** The document `search` matches a receipt on (operation, actor, error). */
export function receiptSearchVector(t: SearchColumns<"operation" | "actor" | "error">) {
  return searchVector(t.operation, t.actor, sql`(${t.error} ->> 'message')`);
}
