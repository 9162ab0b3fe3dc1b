import "server-only";
import { inArray } from "drizzle-orm";
import { secretCredentials } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/** Which of `names` are stored, with their kind and last update — never the value (nothing is decrypted). */
export async function storedSecretsInfo(db: Db, names: string[]): Promise<Record<string, { kind: string; updatedAt: Date }>> {
  const rows = await db.select({ name: secretCredentials.name, kind: secretCredentials.kind, updatedAt: secretCredentials.updatedAt }).from(secretCredentials).where(inArray(secretCredentials.name, names));
  return Object.fromEntries(rows.map((r) => [r.name, { kind: r.kind, updatedAt: r.updatedAt }]));
}
