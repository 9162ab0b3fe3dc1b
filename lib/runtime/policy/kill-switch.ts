import "server-only";
import { eq } from "drizzle-orm";
import { runtimeSettings } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

const KEY = "writes_disabled";

export type WritesDisabled = { disabled: boolean; reason: string | null; updated_by: string | null; updated_at: string | null };

// The read, built once per database client (drizzle prepared query; the driver prepares it server-side too).
const reads = new WeakMap<Db, { execute(): Promise<(typeof runtimeSettings.$inferSelect)[]> }>();
function readOf(db: Db) {
  let read = reads.get(db);
  if (!read) reads.set(db, (read = db.select().from(runtimeSettings).where(eq(runtimeSettings.key, KEY)).limit(1).prepare("omniaudit_writes_disabled")));
  return read;
}

/**
 * The "writes disabled" kill switch, read from the database on every call of a state-changing tool (one prepared
 * statement) so a flip is effective immediately on every instance.
 */
export async function getWritesDisabled(db: Db): Promise<WritesDisabled> {
  const [row] = await readOf(db).execute();
  const v = (row?.value ?? {}) as { disabled?: boolean; reason?: string };
  return { disabled: v.disabled === true, reason: v.reason ?? null, updated_by: row?.updatedBy ?? null, updated_at: row?.updatedAt.toISOString() ?? null };
}

/** Flip the kill switch, recording who did it and why. */
export async function setWritesDisabled(db: Db, o: { disabled: boolean; reason?: string; by: string }): Promise<void> {
  const value = { disabled: o.disabled, reason: o.reason?.slice(0, 500) ?? null };
  await db
    .insert(runtimeSettings)
    .values({ key: KEY, value, updatedBy: o.by })
    .onConflictDoUpdate({ target: runtimeSettings.key, set: { value, updatedBy: o.by, updatedAt: new Date() } });
}
