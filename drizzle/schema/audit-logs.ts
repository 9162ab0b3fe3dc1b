import { bigserial, integer, pgTable, text, timestamp, index } from "drizzle-orm/pg-core";

/**
 * Append-only audit log: one row per tool call, allowed or denied. Invariants: rows are only inserted (UPDATE,
 * DELETE and TRUNCATE are refused by triggers, added with the governance runtime); `hash = sha256(prev_hash ||
 * canonical(row))` chains every row to the previous one in `seq` order; `inputs_hash` is the SHA-256 of the RFC 8785
 * canonical JSON of the arguments — raw arguments are never stored here.
 */
export const auditLogs = pgTable(
  "audit_logs",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    ts: timestamp("ts", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    requestId: text("request_id").notNull(),
    principal: text("principal").notNull(),
    tool: text("tool").notNull(),
    module: text("module").notNull(),
    inputsHash: text("inputs_hash").notNull(),
    /** allowed | denied_policy | rate_limited | confirmation_required | invalid_input | unknown_tool … */
    decision: text("decision").notNull(),
    /** ok | error */
    status: text("status").notNull(),
    durationMs: integer("duration_ms").notNull(),
    errorCode: text("error_code"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_logs_tool_idx").on(t.tool, t.ts)],
);
