import "server-only";
import { desc } from "drizzle-orm";
import { apiKeys } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/** An API key as the console shows it: everything but the hash. */
export type ApiKeyListItem = Omit<typeof apiKeys.$inferSelect, "keyHash">;

/** API keys, newest first (revoked ones included, so the console can show the history), at most `limit`. */
export async function listApiKeys(db: Db, limit = 200): Promise<ApiKeyListItem[]> {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      owner: apiKeys.owner,
      prefix: apiKeys.prefix,
      scope: apiKeys.scope,
      createdBy: apiKeys.createdBy,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(limit);
}
