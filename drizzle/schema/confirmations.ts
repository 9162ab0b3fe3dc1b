import { jsonb, pgTable, text, timestamp, index } from "drizzle-orm/pg-core";

/**
 * Pending write confirmations (the write gate). Invariants: `args_hash` is the SHA-256 of the canonical arguments
 * the token is bound to; status moves pending → approved | denied | expired, and approved → consumed exactly once
 * (single use); `decided_by`/`decided_at` are set with approved/denied.
 */
export const confirmations = pgTable(
  "confirmations",
  {
    id: text("id").primaryKey(),
    tool: text("tool").notNull(),
    argsHash: text("args_hash").notNull(),
    args: jsonb("args").notNull(),
    principal: text("principal").notNull(),
    requestId: text("request_id"),
    summary: text("summary").notNull(),
    approvalMode: text("approval_mode", { enum: ["operator", "token", "elicitation"] }).notNull(),
    status: text("status", { enum: ["pending", "approved", "denied", "consumed", "expired"] }).notNull().default("pending"),
    kid: text("kid").notNull(),
    nonce: text("nonce").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    consumedAt: timestamp("consumed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("confirmations_status_idx").on(t.status, t.createdAt)],
);
