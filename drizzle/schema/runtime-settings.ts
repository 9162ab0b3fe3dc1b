import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Operator-controlled runtime settings, effective immediately on every instance (read per call, not cached).
 * Known keys: `writes_disabled` (`{ disabled: boolean, reason?: string }`) — the kill switch for every write tool.
 * Invariant: each change records who made it and when.
 */
export const runtimeSettings = pgTable("runtime_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
