import "server-only";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { jobs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { JobStatus } from "./types";

/** One job row by id, or undefined. */
export async function getJobRow(db: Db, jobId: string) {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return row;
}

/** Jobs newest first, optionally filtered by status and module; `limit` rows after `offset`. */
export async function listJobRows(db: Db, f: { status?: JobStatus; module?: string; limit: number; offset?: number }) {
  const where: SQL[] = [];
  if (f.status) where.push(eq(jobs.status, f.status));
  if (f.module) where.push(eq(jobs.module, f.module));
  return db
    .select()
    .from(jobs)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(f.limit)
    .offset(f.offset ?? 0);
}
