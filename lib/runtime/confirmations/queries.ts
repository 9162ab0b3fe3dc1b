import "server-only";
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import { confirmations } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";

/** One confirmation row, or undefined. */
export async function getConfirmationRow(db: Db, id: string) {
  const [row] = await db.select().from(confirmations).where(eq(confirmations.id, id)).limit(1);
  return row;
}

/** Confirmations newest first, filtered by stored status, tool and principal, with the total count. */
export async function listConfirmationRows(
  db: Db,
  f: { status?: "pending" | "approved" | "denied" | "consumed"; tool?: string; principal?: string; limit: number; offset?: number },
) {
  const where: SQL[] = [];
  if (f.status) where.push(eq(confirmations.status, f.status));
  if (f.tool) where.push(eq(confirmations.tool, f.tool));
  if (f.principal) where.push(eq(confirmations.principal, f.principal));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(confirmations).where(cond).orderBy(desc(confirmations.createdAt), desc(confirmations.id)).limit(f.limit).offset(f.offset ?? 0),
    db.select({ n: count() }).from(confirmations).where(cond),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}
