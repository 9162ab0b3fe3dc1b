import "server-only";
import { asc, eq, gt } from "drizzle-orm";
import { auditLogs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";
import { auditRowCanonical, GENESIS_HASH, type AuditEntry } from "./audit-row";

/** Result of {@link verifyAuditLog} (snake_case: it is returned to MCP callers as is). */
export type AuditVerification = {
  /** True when every row chains correctly. */
  ok: boolean;
  /** Rows examined, including the first bad one (all rows when `ok`). */
  checked: number;
  /** `seq` of the first row that breaks the chain, or null when `ok`. */
  first_bad_seq: number | null;
  /** `hash mismatch` | `gap before seq N` | `prev_hash mismatch` | `seq out of order`; null when `ok`. */
  reason: string | null;
  /** The last row that verified (the chain tip when `ok`); null when no row verified. */
  head: { seq: number; hash: string } | null;
};

export type VerifyAuditLogOptions = { /** Rows read per query (default 1000, at least 1). */ batchSize?: number };

type AuditRow = typeof auditLogs.$inferSelect;

/** Why `row` does not follow `prev`, or null when it does (seq, then link, then content). */
async function breakOf(db: Db, row: AuditRow, prev: { seq: number; hash: string }): Promise<string | null> {
  const expected = prev.seq + 1;
  if (row.seq > expected) return `gap before seq ${row.seq}`;
  if (row.seq < expected) return "seq out of order";
  if (row.prevHash !== prev.hash) {
    // A row whose link points at another stored row was moved (e.g. two rows' seq swapped); a link to nothing is
    // forged. One unindexed lookup, only on failure.
    const [linked] = await db.select({ seq: auditLogs.seq }).from(auditLogs).where(eq(auditLogs.hash, row.prevHash)).limit(1);
    return linked && linked.seq !== prev.seq ? "seq out of order" : "prev_hash mismatch";
  }
  const entry = { ...row, status: row.status as AuditEntry["status"] };
  return sha256Hex(row.prevHash + auditRowCanonical(entry)) === row.hash ? null : "hash mismatch";
}

/**
 * Re-compute the `audit_logs` hash chain in `seq` order, streaming `batchSize` rows per query (keyset paging on
 * `seq`, so memory stays bounded whatever the table size). Row n must have `seq` = n (starting at 1), `prev_hash` =
 * row n-1's `hash` (GENESIS_HASH for row 1) and `hash = sha256(prev_hash + auditRowCanonical(row))`. Stops at the
 * first row that breaks the chain: every later row is suspect once the chain is broken.
 *
 * Limits: the chain is unkeyed SHA-256, so it proves internal consistency only. Someone with write access to the
 * table who edits a row and then re-computes every later hash (or simply appends rows at the end) produces a chain
 * that verifies. Anchoring `head` externally (record `{ seq, hash }` somewhere the database owner cannot rewrite, and
 * check later that the same `seq` still has the same `hash`) covers that. Rows appended while this runs are checked
 * too if they are committed before the last batch is read.
 *
 * @returns `{ ok, checked, first_bad_seq, reason, head }`; an empty table is `ok` with `checked: 0, head: null`.
 * @throws when the database cannot be read.
 */
export async function verifyAuditLog(db: Db, { batchSize = 1000 }: VerifyAuditLogOptions = {}): Promise<AuditVerification> {
  const size = Math.max(1, Math.floor(batchSize) || 1);
  let prev = { seq: 0, hash: GENESIS_HASH };
  let head: AuditVerification["head"] = null;
  let checked = 0;
  let after: number | null = null;
  for (;;) {
    // The first batch has no lower bound so a forged row with seq ≤ 0 is seen too.
    const rows: AuditRow[] = await db
      .select()
      .from(auditLogs)
      .where(after === null ? undefined : gt(auditLogs.seq, after))
      .orderBy(asc(auditLogs.seq))
      .limit(size);
    for (const row of rows) {
      checked += 1;
      const reason = await breakOf(db, row, prev);
      if (reason) return { ok: false, checked, first_bad_seq: row.seq, reason, head };
      prev = { seq: row.seq, hash: row.hash };
      head = prev;
    }
    if (rows.length < size) return { ok: true, checked, first_bad_seq: null, reason: null, head };
    after = rows[rows.length - 1]!.seq;
  }
}
