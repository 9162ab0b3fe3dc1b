import "server-only";
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import { receipts } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { ReceiptStatus } from "./receipt-view";

/** One receipt row by id, or undefined. */
export async function getReceiptRow(db: Db, receiptId: string) {
  const [row] = await db.select().from(receipts).where(eq(receipts.id, receiptId)).limit(1);
  return row;
}

/** Exact-match filters on receipts (each optional) and a page: `limit` rows after `offset`. */
export type ReceiptFilter = { operation?: string; status?: ReceiptStatus; actor?: string; limit: number; offset?: number };

/**
 * Receipts newest first (`created_at`, then id, both descending) matching every given filter, with the total count
 * of matches.
 * @returns `{ rows, total }`.
 */
export async function listReceiptRows(db: Db, f: ReceiptFilter) {
  const where: SQL[] = [];
  if (f.operation) where.push(eq(receipts.operation, f.operation));
  if (f.status) where.push(eq(receipts.status, f.status));
  if (f.actor) where.push(eq(receipts.actor, f.actor));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(receipts).where(cond).orderBy(desc(receipts.createdAt), desc(receipts.id)).limit(f.limit).offset(f.offset ?? 0),
    db.select({ n: count() }).from(receipts).where(cond),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}
