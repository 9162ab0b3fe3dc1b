import "server-only";
import { eq } from "drizzle-orm";
import { secretCredentials } from "@/drizzle/schema";
import { decryptSecret, secretAad } from "@/lib/crypto/secrets";
import type { Db } from "@/lib/db/client";

/**
 * Decrypt the secret stored under `name`.
 * @returns the plaintext, or null when there is no secret of that name.
 * @throws AppError `INTERNAL` when the row does not decrypt (tampered, moved from another row, unknown key version or
 * wrong key); the message says which and never contains secret material.
 */
export async function readSecret(db: Db, name: string): Promise<string | null> {
  const [row] = await db.select().from(secretCredentials).where(eq(secretCredentials.name, name)).limit(1);
  if (!row) return null;
  return decryptSecret({ ciphertext: row.ciphertext, iv: row.iv, authTag: row.authTag, keyVersion: row.keyVersion }, secretAad(row.id, row.name));
}
