import "server-only";
import { eq } from "drizzle-orm";
import { secretCredentials } from "@/drizzle/schema";
import { encryptSecret, secretAad } from "@/lib/crypto/secrets";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";

/**
 * Encrypt and store a secret under a unique `name`, replacing the value of an existing secret of that name (which
 * keeps its id, so its associated data stays `secret_credentials/<id>/<name>`). Plaintext is never stored or logged.
 * @param o.kind what the secret is, e.g. `github_token`, `auth_profile`.
 * @returns the row id and the key version that encrypted it.
 * @throws AppError `INTERNAL` when `SECRETS_KEYS` is malformed.
 */
export async function storeSecret(db: Db, o: { name: string; kind: string; plaintext: string }): Promise<{ id: string; keyVersion: number }> {
  // Two rounds at most: a concurrent insert of the same name makes ours a no-op, and the second round updates theirs.
  for (let round = 0; round < 2; round++) {
    const [existing] = await db.select({ id: secretCredentials.id }).from(secretCredentials).where(eq(secretCredentials.name, o.name)).limit(1);
    const id = existing?.id ?? newId("sec");
    const sealed = encryptSecret(o.plaintext, secretAad(id, o.name));
    if (existing) {
      await db.update(secretCredentials).set({ ...sealed, kind: o.kind, updatedAt: new Date() }).where(eq(secretCredentials.id, id));
      return { id, keyVersion: sealed.keyVersion };
    }
    const inserted = await db
      .insert(secretCredentials)
      .values({ id, name: o.name, kind: o.kind, ...sealed })
      .onConflictDoNothing({ target: secretCredentials.name })
      .returning({ id: secretCredentials.id });
    if (inserted.length) return { id, keyVersion: sealed.keyVersion };
  }
  throw new Error(`storeSecret: could not store ${o.name}`);
}
