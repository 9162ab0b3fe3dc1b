import "server-only";
import canonicalize from "canonicalize";
import { desc, sql } from "drizzle-orm";
import { auditLogs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";

export type AuditEntry = {
  requestId: string;
  principal: string;
  tool: string;
  module: string;
  inputsHash: string;
  decision: string;
  status: "ok" | "error";
  durationMs: number;
  errorCode?: string | null;
};

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = "0".repeat(64);

// Any constant works; it only has to be the same for every appender so they queue on one lock.
const AUDIT_LOCK_KEY = 7_337_001;

/** Canonical form of a row for hashing: every column except `seq`-derived hash, timestamp as ISO-8601. */
export function auditRowCanonical(row: AuditEntry & { seq: number; ts: Date; prevHash: string }): string {
  return canonicalize({
    seq: row.seq,
    ts: row.ts.toISOString(),
    request_id: row.requestId,
    principal: row.principal,
    tool: row.tool,
    module: row.module,
    inputs_hash: row.inputsHash,
    decision: row.decision,
    status: row.status,
    duration_ms: row.durationMs,
    error_code: row.errorCode ?? null,
    prev_hash: row.prevHash,
  })!;
}

/**
 * Append one hash-chained row: `hash = sha256(prev_hash + canonical(row))`. Appends are serialised with a
 * transaction-scoped advisory lock so concurrent calls never fork the chain.
 * @returns the new row's `seq` and `hash`.
 */
export async function appendAuditLog(db: Db, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [last] = await tx.select({ seq: auditLogs.seq, hash: auditLogs.hash }).from(auditLogs).orderBy(desc(auditLogs.seq)).limit(1);
    const prevHash = last?.hash ?? GENESIS_HASH;
    // seq is assigned here, under the lock, so it is gap-free and matches chain order.
    const row = { ...entry, errorCode: entry.errorCode ?? null, seq: (last?.seq ?? 0) + 1, ts: new Date(), prevHash };
    const hash = sha256Hex(prevHash + auditRowCanonical(row));
    await tx.insert(auditLogs).values({ ...row, hash });
    return { seq: row.seq, hash };
  });
}
