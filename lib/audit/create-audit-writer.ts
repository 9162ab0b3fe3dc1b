import "server-only";
import { eq } from "drizzle-orm";
import { auditLogs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { appendAuditBatch, type AppendedAudit, type AuditItem, type AuditOutcome } from "./append-audit-batch";

/** Counters of one writer since it was created (for tests and the throughput bench; never asserted on timing). */
export type AuditWriterStats = {
  /** Transactions that committed at least one row. */
  batches: number;
  /** Rows committed. */
  rows: number;
  /** Batches whose one-statement attempt failed and that were retried item by item (savepoints). */
  isolatedRetries: number;
  /** Entries that were refused (their caller got the error). */
  failed: number;
  /** Most rows committed by one transaction. */
  largestBatch: number;
};

/** A group-commit appender for one database client; see {@link createAuditWriter}. */
export type AuditWriter = {
  /**
   * Queue one entry; resolves with its `seq` and `hash` once the transaction holding its row has committed — never
   * before — and rejects with the database's error when its row (or its `with` statements) could not be committed.
   */
  append(item: AuditItem): Promise<AppendedAudit>;
  /** A snapshot of the counters. */
  stats(): AuditWriterStats;
};

type Pending = AuditItem & { resolve(r: AppendedAudit): void; reject(e: unknown): void };

/**
 * Group commit for the audit chain: callers queue their entry and one writer (per database client, so per process)
 * appends everything queued in one transaction under the chain's advisory lock ({@link appendAuditBatch}), then
 * resolves each caller. While a batch commits, new entries queue up and form the next batch, so under load the cost
 * of the lock, the tip read and the commit is shared by the whole batch instead of being paid — serially — by every
 * call; alone, a call waits for one event-loop turn plus one transaction, as before.
 *
 * Failure isolation: when the one-statement attempt fails (a row or a `with` statement violating a constraint), the
 * batch is rolled back whole and retried in one transaction with a savepoint per entry: the entries that fail again
 * reject with their own error, the rest commit and chain without them. `with` statements may therefore run twice —
 * the first run was rolled back. If the first attempt's COMMIT was in fact applied but its acknowledgement lost, the
 * retry sees its first row at the expected `seq` with the expected hash and resolves the batch without writing it
 * again (no duplicate rows).
 *
 * `maxBatch` (default 200, at least 1) bounds the rows of one transaction.
 */
export function createAuditWriter(db: Db, { maxBatch = 200 }: { maxBatch?: number } = {}): AuditWriter {
  const limit = Math.max(1, Math.floor(maxBatch));
  const queue: Pending[] = [];
  const counters: AuditWriterStats = { batches: 0, rows: 0, isolatedRetries: 0, failed: 0, largestBatch: 0 };
  let draining = false;

  function settle(batch: Pending[], outcomes: AuditOutcome[]): void {
    let rows = 0;
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) {
        rows += 1;
        p.resolve({ seq: o.seq, hash: o.hash });
      } else {
        counters.failed += 1;
        p.reject(o.error);
      }
    });
    if (rows) {
      counters.batches += 1;
      counters.rows += rows;
      counters.largestBatch = Math.max(counters.largestBatch, rows);
    }
  }

  function rejectAll(batch: Pending[], error: unknown): void {
    counters.failed += batch.length;
    for (const p of batch) p.reject(error);
  }

  async function commit(batch: Pending[]): Promise<void> {
    let attempted: AppendedAudit[] = [];
    try {
      const outcomes = await db.transaction((tx) => appendAuditBatch(tx, batch, { isolate: false, onChained: (rows) => (attempted = rows) }));
      return settle(batch, outcomes);
    } catch (error) {
      if (batch.length === 1 && !attempted.length) return rejectAll(batch, error);
    }
    counters.isolatedRetries += 1;
    try {
      const outcomes = await db.transaction(async (tx) => {
        const first = attempted[0];
        if (first) {
          // Append-only: a committed row never changes, so its hash decides whether the first attempt committed.
          const [row] = await tx.select({ hash: auditLogs.hash }).from(auditLogs).where(eq(auditLogs.seq, first.seq)).limit(1);
          if (row?.hash === first.hash) return attempted.map((r): AuditOutcome => ({ ok: true, ...r }));
        }
        return appendAuditBatch(tx, batch, { isolate: true });
      });
      settle(batch, outcomes);
    } catch (error) {
      rejectAll(batch, error);
    }
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length) await commit(queue.splice(0, limit));
    } finally {
      draining = false;
    }
  }

  return {
    append(item) {
      return new Promise<AppendedAudit>((resolve, reject) => {
        queue.push({ ...item, resolve, reject });
        if (draining) return;
        draining = true;
        // One turn of the event loop: the calls that finish in the same turn share the first transaction.
        setImmediate(() => void drain());
      });
    },
    stats: () => ({ ...counters }),
  };
}
