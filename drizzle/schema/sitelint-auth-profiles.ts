import { pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * SiteLint auth profiles: how to be logged in on one site (cookies, request headers, or scripted login steps). The
 * secret part lives encrypted in `secret_credentials` (`secret_id`, kind `sitelint_auth_profile`); this row holds only
 * what may be listed: name, the one origin the profile is ever sent to, its kind. Invariants: `name` unique; `origin`
 * is a normalised http(s) origin; deleting a profile deletes its secret.
 */
export const sitelintAuthProfiles = pgTable(
  "sitelint_auth_profiles",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    origin: text("origin").notNull(),
    kind: text("kind", { enum: ["cookies", "headers", "login"] }).notNull(),
    secretId: text("secret_id").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sitelint_auth_profiles_name_unique").on(t.name)],
);
