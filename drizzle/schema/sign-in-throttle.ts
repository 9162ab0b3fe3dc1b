import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Failed operator sign-ins, per account (`account:<username>`) and per client address (`ip:<address>`), for backoff
 * and lockout. Invariants: `failures` counts consecutive failures since the last success or since the counter
 * expired (`last_failure_at` older than the failure window); `locked_until` is null or in the future while locked; a
 * successful sign-in deletes the account's row and the address's row.
 */
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
});
