import "server-only";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { apiKeys } from "@/drizzle/schema";
import { sha256Hex } from "@/lib/crypto/hash";
import type { Db } from "@/lib/db/client";
import type { ApiKeyScope } from "./create-api-key";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

const KEY_RE = /^oa_[A-Za-z0-9_-]{43}$/;
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Check a presented API key. The lookup is by SHA-256 of the key (unique index), so nothing compares the secret
 * character by character and the response time does not depend on how much of a guess is right.
 * `last_used_at` is refreshed at most once a minute per key (one conditional UPDATE, skipped by the database otherwise).
 * @returns the key's row when it exists, is not revoked and has `scope`; else null.
 */
export async function verifyApiKey(db: Db, key: string, scope: ApiKeyScope): Promise<ApiKeyRow | null> {
  if (!KEY_RE.test(key)) return null;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, sha256Hex(key))).limit(1);
  if (!row || row.revokedAt || row.scope !== scope) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - TOUCH_INTERVAL_MS)))));
  }
  return row;
}
