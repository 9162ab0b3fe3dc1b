import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Fixed-window rate-limit counters per principal and bucket, in the database so limits hold across restarts and
 * instances. Invariant: one row per (principal, bucket, window_start); `count` only grows within a window.
 */
export const rateLimitBuckets = pgTable(
  "rate_limit_buckets",
  {
    principal: text("principal").notNull(),
    bucket: text("bucket").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.principal, t.bucket, t.windowStart] })],
);
