import "server-only";
import { randomBytes } from "node:crypto";
import { newId } from "@/lib/ids";
import { apiKeys } from "@/drizzle/schema";
import { sha256Hex } from "@/lib/crypto/hash";
import type { Db } from "@/lib/db/client";

export type ApiKeyScope = "mcp" | "operator";

/** Characters of a key kept in clear (`oa_` + 7) so the console can tell keys apart. */
export const API_KEY_PREFIX_LENGTH = 10;

/**
 * Create an API key. The key is `oa_` + 32 random bytes in base64url (46 characters); only its SHA-256 (hex) and its
 * first {@link API_KEY_PREFIX_LENGTH} characters are stored, so the returned `key` must be shown to the operator now
 * and can never be recovered.
 * @param o.owner becomes the principal of calls made with the key.
 * @param o.createdBy the operator creating it.
 * @returns the row id (`key_…`) and the key.
 */
export async function createApiKey(db: Db, o: { name: string; owner: string; scope: ApiKeyScope; createdBy: string }): Promise<{ id: string; key: string }> {
  const key = `oa_${randomBytes(32).toString("base64url")}`;
  // Same shape as lib/ids.ts ids (sortable by creation time).
  const id = newId("key");
  await db.insert(apiKeys).values({
    id,
    name: o.name,
    owner: o.owner,
    scope: o.scope,
    createdBy: o.createdBy,
    keyHash: sha256Hex(key),
    prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
  });
  return { id, key };
}
