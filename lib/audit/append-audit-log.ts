import "server-only";
import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import { appendAuditBatch, type AppendedAudit, type AuditWith } from "./append-audit-batch";
import { createAuditWriter, type AuditWriter } from "./create-audit-writer";
import type { AuditEntry } from "./audit-row";

export { auditRowCanonical, GENESIS_HASH, type AuditEntry } from "./audit-row";
export type { AuditWith } from "./append-audit-batch";

// One writer per database client, on globalThis so that every route bundle of a Next.js build (each has its own copy
// of this module) shares the process's writer — and so its batches.
const g = globalThis as unknown as { __omniauditAuditWriters?: WeakMap<Db, AuditWriter> };

/**
 * The group-commit writer of database client `db` (created on first use; one per client, so one per process for the
 * process-wide client). Exposed for its `stats()`; appends go through {@link appendAuditLog}.
 */
export function auditWriterOf(db: Db): AuditWriter {
  const writers = (g.__omniauditAuditWriters ??= new WeakMap());
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = createAuditWriter(db)));
  return writer;
}

/**
 * Append one hash-chained row: `seq` = previous + 1, `hash = sha256(prev_hash + auditRowCanonical(row))`, under the
 * chain's transaction-scoped advisory lock, so concurrent calls — in this process or any other on the same database —
 * never fork the chain.
 *
 * On a database client, the entry joins the client's group commit ({@link createAuditWriter}): it is written together
 * with the entries queued at the same time, in one transaction. `with` statements (e.g. finalising the call's receipt)
 * run in that transaction, so they commit if and only if the row does. Inside a caller's transaction (`db` is a
 * transaction), the row is appended there directly and is durable when the caller commits; the lock is then held
 * until that commit.
 *
 * @returns the row's `seq` and `hash`, once it is committed (on a client) or written (in a transaction).
 * @throws the database's error when the row or its `with` statements cannot be written; other entries of the same
 *   batch are not affected.
 */
export async function appendAuditLog(db: Db, entry: AuditEntry, o: { with?: AuditWith } = {}): Promise<AppendedAudit> {
  if (!is(db, PgTransaction)) return auditWriterOf(db).append({ entry, with: o.with });
  const [outcome] = await appendAuditBatch(db, [{ entry, with: o.with }], { isolate: false });
  if (!outcome?.ok) throw new Error("audit row not appended");
  return { seq: outcome.seq, hash: outcome.hash };
}
