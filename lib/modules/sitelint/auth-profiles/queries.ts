import "server-only";
import { asc, eq } from "drizzle-orm";
import { sitelintAuthProfiles } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { AuthProfileKind } from "./payload";

/** What may be shown of an auth profile: never its secret (nothing is decrypted). */
export type AuthProfileInfo = { id: string; name: string; origin: string; kind: AuthProfileKind; createdBy: string; createdAt: Date };

const columns = {
  id: sitelintAuthProfiles.id,
  name: sitelintAuthProfiles.name,
  origin: sitelintAuthProfiles.origin,
  kind: sitelintAuthProfiles.kind,
  createdBy: sitelintAuthProfiles.createdBy,
  createdAt: sitelintAuthProfiles.createdAt,
};

/** Auth profiles by name (metadata only), optionally of one exact `origin`, at most `limit` (default 200). */
export async function listAuthProfiles(db: Db, { origin, limit = 200 }: { origin?: string; limit?: number } = {}): Promise<AuthProfileInfo[]> {
  return db
    .select(columns)
    .from(sitelintAuthProfiles)
    .where(origin ? eq(sitelintAuthProfiles.origin, origin) : undefined)
    .orderBy(asc(sitelintAuthProfiles.name))
    .limit(limit);
}

/** One profile's metadata, or undefined. */
export async function getAuthProfileInfo(db: Db, id: string): Promise<AuthProfileInfo | undefined> {
  const [row] = await db.select(columns).from(sitelintAuthProfiles).where(eq(sitelintAuthProfiles.id, id)).limit(1);
  return row;
}
