import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { apiKeys } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/**
 * Revoke an API key: it never authenticates again (effective on the next request, on every instance).
 * @returns true when this call revoked it; false when there is no such key or it was already revoked.
 */
export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
