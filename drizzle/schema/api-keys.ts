import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * MCP API keys (`MCP_AUTH_MODE=api_key`). Invariants: only the SHA-256 of a key is stored (`key_hash`, unique); the
 * key itself is shown once at creation; `prefix` (first characters) identifies it in the console; a key with
 * `revoked_at` set never authenticates again; `owner` becomes the principal of calls made with it.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    owner: text("owner").notNull(),
    keyHash: text("key_hash").notNull(),
    prefix: text("prefix").notNull(),
    /** `mcp` (MCP endpoint) or `operator` (operator REST API, e.g. approving confirmations). */
    scope: text("scope", { enum: ["mcp", "operator"] }).notNull().default("mcp"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash), index("api_keys_owner_idx").on(t.owner)],
);
