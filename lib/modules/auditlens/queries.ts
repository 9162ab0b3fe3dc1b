import "server-only";
import { and, eq } from "drizzle-orm";
import { githubArtifacts } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/** The record of an artifact already fetched (`repo` lower-cased `owner/name`), or undefined. */
export async function artifactRecord(db: Db, repo: string, artifactId: number) {
  const [row] = await db.select().from(githubArtifacts).where(and(eq(githubArtifacts.repo, repo), eq(githubArtifacts.artifactId, artifactId))).limit(1);
  return row;
}
