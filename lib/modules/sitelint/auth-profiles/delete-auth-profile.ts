import "server-only";
import { eq } from "drizzle-orm";
import { secretCredentials, sitelintAuthProfiles } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/**
 * Delete an auth profile and its encrypted secret, in one transaction. Scans that used it keep their
 * `auth_profile_id` (a dangling reference: a resumed scan of a deleted profile fails its pages with `AUTH_LOGIN_FAILED`).
 * @returns the deleted profile's name, or null when there was none.
 */
export async function deleteAuthProfile(db: Db, id: string): Promise<{ name: string } | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(sitelintAuthProfiles).where(eq(sitelintAuthProfiles.id, id)).returning({ name: sitelintAuthProfiles.name, secretId: sitelintAuthProfiles.secretId });
    if (!row) return null;
    await tx.delete(secretCredentials).where(eq(secretCredentials.id, row.secretId));
    return { name: row.name };
  });
}
