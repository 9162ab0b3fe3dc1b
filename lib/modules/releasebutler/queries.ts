import "server-only";
import { asc, eq } from "drizzle-orm";
import { releaseRunAssets, releaseRuns } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/** The release run with its per-asset timeline (input order), or null. */
export async function getReleaseRunWithAssets(db: Db, runId: string) {
  const [run] = await db.select().from(releaseRuns).where(eq(releaseRuns.id, runId)).limit(1);
  if (!run) return null;
  const assets = await db.select().from(releaseRunAssets).where(eq(releaseRunAssets.runId, runId)).orderBy(asc(releaseRunAssets.position));
  return { run, assets };
}
export type ReleaseRunWithAssets = NonNullable<Awaited<ReturnType<typeof getReleaseRunWithAssets>>>;
