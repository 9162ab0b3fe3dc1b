import "server-only";
import { eq } from "drizzle-orm";
import { secretCredentials } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/** Delete the secret stored under `name`. @returns whether one existed. */
export async function deleteSecret(db: Db, name: string): Promise<boolean> {
  const rows = await db.delete(secretCredentials).where(eq(secretCredentials.name, name)).returning({ id: secretCredentials.id });
  return rows.length > 0;
}
