import { pgTable, text, timestamp, integer, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Encrypted secrets (GitHub tokens, auth profiles). Invariants: `ciphertext` is AES-256-GCM with a random 96-bit `iv`
 * and `auth_tag`, associated data = the row identity (`id` + `name`), so a ciphertext moved to another row fails to
 * decrypt; `key_version` names the key that encrypted it. Plaintext is never stored.
 */
export const secretCredentials = pgTable(
  "secret_credentials",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    ciphertext: text("ciphertext").notNull(),
    iv: text("iv").notNull(),
    authTag: text("auth_tag").notNull(),
    keyVersion: integer("key_version").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("secret_credentials_name_unique").on(t.name)],
);
