import "server-only";
import { eq } from "drizzle-orm";
import { secretCredentials, sitelintAuthProfiles } from "@/drizzle/schema";
import { decryptSecret, secretAad } from "@/lib/crypto/secrets";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseAuthPayload, type AuthPayload } from "./payload";

/**
 * Load a profile and decrypt its payload (server side only: the result holds secrets — never log, store or return
 * it). The payload is re-validated against the profile's origin.
 * @returns the profile's name, origin and payload, or null when there is no such profile.
 * @throws AppError `INTERNAL` when the secret row is missing or does not decrypt (tampered, moved, unknown key);
 *   `VALIDATION_ERROR` when the stored payload no longer validates. Messages never contain secret material.
 */
export async function readAuthProfile(db: Db, id: string): Promise<{ id: string; name: string; origin: string; payload: AuthPayload } | null> {
  const [row] = await db
    .select({ profile: sitelintAuthProfiles, secret: secretCredentials })
    .from(sitelintAuthProfiles)
    .leftJoin(secretCredentials, eq(secretCredentials.id, sitelintAuthProfiles.secretId))
    .where(eq(sitelintAuthProfiles.id, id))
    .limit(1);
  if (!row) return null;
  const { profile, secret } = row;
  if (!secret) throw new AppError("INTERNAL", `Auth profile ${id} has no stored secret.`);
  const plaintext = decryptSecret({ ciphertext: secret.ciphertext, iv: secret.iv, authTag: secret.authTag, keyVersion: secret.keyVersion }, secretAad(secret.id, secret.name));
  let raw: unknown;
  try {
    raw = JSON.parse(plaintext);
  } catch {
    throw new AppError("INTERNAL", `Auth profile ${id}: the stored secret is not JSON.`);
  }
  return { id: profile.id, name: profile.name, origin: profile.origin, payload: parseAuthPayload(raw, profile.origin) };
}
