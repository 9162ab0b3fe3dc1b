import canonicalize from "canonicalize";

/** One audit row as a caller gives it; `seq`, `ts`, `prev_hash` and `hash` are assigned when it is chained. */
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

/**
 * Key of the chain's transaction-scoped advisory lock. Any constant works; it only has to be the same for every
 * appender (every process on one database) so that they all queue on one lock.
 */
export const AUDIT_LOCK_KEY = 7_337_001;

/** Canonical form of a row for hashing (RFC 8785): every column except `hash`, timestamp as ISO-8601 (ms). */
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
