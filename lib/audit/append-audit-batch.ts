import "server-only";
import { desc, sql } from "drizzle-orm";
import { auditLogs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";
import { AUDIT_LOCK_KEY, auditRowCanonical, GENESIS_HASH, type AuditEntry } from "./audit-row";

/**
 * Statements that must commit atomically with one entry's audit row (e.g. finalising the call's receipt). They run
 * inside the batch transaction while the chain lock is held, so they must be short database statements — no network,
 * no waiting on anything else. If they throw, the entry fails and neither they nor its row are committed.
 */
export type AuditWith = (tx: Db) => Promise<unknown>;

/** One entry of a batch, with its atomic companion statements. */
export type AuditItem = { entry: AuditEntry; with?: AuditWith };

/** Where a committed row sits in the chain. */
export type AppendedAudit = { seq: number; hash: string };

/** Per item of an isolated batch: its place in the chain, or the error that kept it (alone) out. */
export type AuditOutcome = ({ ok: true } & AppendedAudit) | { ok: false; error: unknown };

/**
 * `isolate`: one savepoint per item (see {@link appendAuditBatch}). `onChained`: told the rows' `seq` and `hash` on
 * the fast path just before they are inserted — so that a caller whose COMMIT fails ambiguously can tell later
 * whether it was applied.
 */
export type AppendAuditBatchOptions = { isolate: boolean; onChained?: (rows: AppendedAudit[]) => void };

type Tip = { seq: number; hash: string };
type Row = typeof auditLogs.$inferInsert & { seq: number; hash: string };

/** The next row after `tip`: `seq` = tip + 1, `prev_hash` = tip's hash, `hash = sha256(prev_hash + canonical(row))`. */
function chainRow(tip: Tip, entry: AuditEntry, ts: Date): Row {
  const row = {
    requestId: entry.requestId,
    principal: entry.principal,
    tool: entry.tool,
    module: entry.module,
    inputsHash: entry.inputsHash,
    decision: entry.decision,
    status: entry.status,
    durationMs: entry.durationMs,
    errorCode: entry.errorCode ?? null,
    seq: tip.seq + 1,
    ts,
    prevHash: tip.hash,
  };
  return { ...row, hash: sha256Hex(row.prevHash + auditRowCanonical(row)) };
}

/** The chain tip under the lock (read after it is granted: READ COMMITTED gives this statement a fresh snapshot). */
async function lockAndReadTip(tx: Db): Promise<Tip> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await tx.select({ seq: auditLogs.seq, hash: auditLogs.hash }).from(auditLogs).orderBy(desc(auditLogs.seq)).limit(1);
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

/**
 * Append `items` to the hash chain, in order, inside the caller's transaction `tx`: take the chain's
 * transaction-scoped advisory lock (the same key for every appender in every process, so all instances on one
 * database form one chain), read the tip, then give each entry `seq` = previous + 1 and
 * `hash = sha256(prev_hash + auditRowCanonical(row))`. The lock is held until `tx` ends, so no other appender can read
 * the tip between this read and the caller's commit: `seq` stays gap-free and the chain unforked.
 *
 * - `isolate: false` (the fast path): every item's `with` statements, then all rows in one multi-row INSERT. Any
 *   failure throws and the caller's transaction must roll back — nothing of the batch is committed.
 * - `isolate: true`: each item in its own savepoint (its `with` statements and its row); an item that fails is rolled
 *   back to its savepoint alone, its error is returned in its outcome, and the next item chains to the last row that
 *   succeeded. Only a failure outside any item (the lock, the tip read) throws.
 *
 * Every row's `ts` is the time it is chained (milliseconds, as `auditRowCanonical` hashes it).
 * @returns one outcome per item, in order (all `ok` on the fast path).
 * @throws the database's error, on the fast path for any failure, on the isolated path only outside the items.
 */
export async function appendAuditBatch(tx: Db, items: readonly AuditItem[], o: AppendAuditBatchOptions): Promise<AuditOutcome[]> {
  let tip = await lockAndReadTip(tx);
  if (!o.isolate) {
    for (const item of items) if (item.with) await item.with(tx);
    const ts = new Date();
    const rows = items.map((item) => (tip = chainRow(tip, item.entry, ts)));
    o.onChained?.(rows.map((r) => ({ seq: r.seq, hash: r.hash })));
    if (rows.length) await tx.insert(auditLogs).values(rows);
    return rows.map((r) => ({ ok: true, seq: r.seq, hash: r.hash }));
  }
  const outcomes: AuditOutcome[] = [];
  for (const item of items) {
    const row = chainRow(tip, item.entry, new Date());
    try {
      await tx.transaction(async (sp) => {
        if (item.with) await item.with(sp);
        await sp.insert(auditLogs).values(row);
      });
      tip = row;
      outcomes.push({ ok: true, seq: row.seq, hash: row.hash });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}
