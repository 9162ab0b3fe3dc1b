import "server-only";
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import { auditLogs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/** Exact-match filters on the audit log (each optional) and a page: `limit` rows after `offset`. */
export type AuditFilter = {
  tool?: string;
  principal?: string;
  decision?: string;
  /** `ok` | `error` */
  status?: string;
  limit: number;
  offset?: number;
};

/**
 * Audit rows newest first (`seq` descending) matching every given filter, with the total count of matches.
 * @returns `{ rows, total }`.
 */
export async function listAuditRows(db: Db, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.tool) where.push(eq(auditLogs.tool, f.tool));
  if (f.principal) where.push(eq(auditLogs.principal, f.principal));
  if (f.decision) where.push(eq(auditLogs.decision, f.decision));
  if (f.status) where.push(eq(auditLogs.status, f.status));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(auditLogs).where(cond).orderBy(desc(auditLogs.seq)).limit(f.limit).offset(f.offset ?? 0),
    db.select({ n: count() }).from(auditLogs).where(cond),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}
