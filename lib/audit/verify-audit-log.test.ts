import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs } from "@/drizzle/schema";
import { sha256Hex } from "@/lib/crypto/hash";
import { getDb, type Db } from "@/lib/db/client";
import { appendAuditLog, auditRowCanonical, type AuditEntry } from "./append-audit-log";
import { verifyAuditLog } from "./verify-audit-log";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Row = typeof auditLogs.$inferSelect;

const entry = (i: number): AuditEntry => ({
  requestId: `req-${i}`,
  principal: "alice",
  tool: i % 2 ? "core_health" : "sitelint_start_scan",
  module: i % 2 ? "core" : "sitelint",
  inputsHash: sha256Hex(`args-${i}`),
  decision: i % 3 ? "allowed" : "denied_policy",
  status: i % 3 ? "ok" : "error",
  durationMs: 10 * i,
  errorCode: i % 3 ? null : "URL_NOT_ALLOWED",
});

let db: Db;

/** Act as the table owner with the append-only triggers off (an attacker with owner rights), in one transaction. */
async function asOwner(fn: (tx: Tx) => Promise<unknown>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_logs disable trigger user`);
    await fn(tx);
    await tx.execute(sql`alter table audit_logs enable trigger user`);
  });
}

/** Empty the log (as owner) and append `n` honest rows; returns them in seq order. */
async function freshChain(n: number): Promise<Row[]> {
  await asOwner((tx) => tx.execute(sql`truncate audit_logs`));
  for (let i = 1; i <= n; i++) await appendAuditLog(db, entry(i));
  return db.select().from(auditLogs).orderBy(asc(auditLogs.seq));
}

const hashOf = (row: Row) => sha256Hex(row.prevHash + auditRowCanonical({ ...row, status: row.status as AuditEntry["status"] }));

beforeAll(async () => {
  db = await getDb();
});

describe("verifyAuditLog", () => {
  it("reports an empty log as ok with no head", async () => {
    await freshChain(0);
    expect(await verifyAuditLog(db)).toEqual({ ok: true, checked: 0, first_bad_seq: null, reason: null, head: null });
  });

  it.each([1000, 1, 2, 7])("verifies a clean chain streamed in batches of %i", async (batchSize) => {
    const rows = await freshChain(7);
    const last = rows.at(-1)!;
    expect(await verifyAuditLog(db, { batchSize })).toEqual({ ok: true, checked: 7, first_bad_seq: null, reason: null, head: { seq: 7, hash: last.hash } });
  });

  it.each([
    ["principal", sql`update audit_logs set principal = 'mallory' where seq = 3`],
    ["decision", sql`update audit_logs set decision = 'allowed', status = 'ok', error_code = null where seq = 3`],
  ])("(a) detects an edited %s at that row", async (_field, edit) => {
    const rows = await freshChain(5);
    await asOwner((tx) => tx.execute(edit));
    const edited = await db.select().from(auditLogs).where(eq(auditLogs.seq, 3));
    expect(edited[0]!.hash).toBe(rows[2]!.hash);
    expect(await verifyAuditLog(db, { batchSize: 2 })).toEqual({ ok: false, checked: 3, first_bad_seq: 3, reason: "hash mismatch", head: { seq: 2, hash: rows[1]!.hash } });
  });

  it("(b) detects a deleted middle row at the row after the gap", async () => {
    const rows = await freshChain(5);
    await asOwner((tx) => tx.execute(sql`delete from audit_logs where seq = 3`));
    expect(await verifyAuditLog(db)).toEqual({ ok: false, checked: 3, first_bad_seq: 4, reason: "gap before seq 4", head: { seq: 2, hash: rows[1]!.hash } });
  });

  it("(c) detects reordered rows (two seqs swapped) at the first swapped position", async () => {
    const rows = await freshChain(6);
    await asOwner(async (tx) => {
      await tx.execute(sql`update audit_logs set seq = -1 where seq = 2`);
      await tx.execute(sql`update audit_logs set seq = 2 where seq = 5`);
      await tx.execute(sql`update audit_logs set seq = 5 where seq = -1`);
    });
    const moved = await db.select().from(auditLogs).where(eq(auditLogs.seq, 2));
    expect(moved[0]!.requestId).toBe("req-5");
    expect(await verifyAuditLog(db)).toEqual({ ok: false, checked: 2, first_bad_seq: 2, reason: "seq out of order", head: { seq: 1, hash: rows[0]!.hash } });
  });

  it("(d) detects a forged row appended at the end with a made-up prev_hash and hash", async () => {
    const rows = await freshChain(4);
    await db.insert(auditLogs).values({ ...entry(99), seq: 5, ts: new Date(), prevHash: "f".repeat(64), hash: "e".repeat(64) });
    expect(await verifyAuditLog(db)).toEqual({ ok: false, checked: 5, first_bad_seq: 5, reason: "prev_hash mismatch", head: { seq: 4, hash: rows[3]!.hash } });
  });

  it("(d) detects a forged row inserted mid-chain, even one linked to its real predecessor", async () => {
    const rows = await freshChain(5);
    await asOwner(async (tx) => {
      // Shift seq 3.. up by one in two steps (a single `seq + 1` would collide on the primary key).
      await tx.execute(sql`update audit_logs set seq = -seq where seq >= 3`);
      await tx.execute(sql`update audit_logs set seq = -seq + 1 where seq < 0`);
      await tx.insert(auditLogs).values({ ...entry(99), seq: 3, ts: new Date(), prevHash: rows[1]!.hash, hash: sha256Hex("made up") });
    });
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, checked: 3, first_bad_seq: 3, reason: "hash mismatch", head: { seq: 2 } });
  });

  it("(d) detects a forged row that carries a correct hash of its own at the next row, which no longer links to it", async () => {
    const rows = await freshChain(4);
    await asOwner(async (tx) => {
      await tx.execute(sql`update audit_logs set seq = -seq where seq >= 3`);
      await tx.execute(sql`update audit_logs set seq = -seq + 1 where seq < 0`);
      const forged = { ...entry(99), errorCode: null, seq: 3, ts: new Date(), prevHash: rows[1]!.hash };
      await tx.insert(auditLogs).values({ ...forged, hash: sha256Hex(forged.prevHash + auditRowCanonical(forged)) });
    });
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, first_bad_seq: 4, reason: "seq out of order", head: { seq: 3 } });
  });

  it("cannot by itself catch a forger who re-computes every later hash; an external anchor of head can", async () => {
    const rows = await freshChain(4);
    const anchor = (await verifyAuditLog(db)).head!;
    await asOwner(async (tx) => {
      let prev = rows[1]!.hash;
      for (const row of rows.slice(2)) {
        const forged = { ...row, principal: row.seq === 3 ? "mallory" : row.principal, prevHash: prev };
        prev = hashOf(forged);
        await tx.update(auditLogs).set({ principal: forged.principal, prevHash: forged.prevHash, hash: prev }).where(eq(auditLogs.seq, row.seq));
      }
    });
    const after = await verifyAuditLog(db);
    expect(after.ok).toBe(true);
    expect(after.head!.seq).toBe(anchor.seq);
    expect(after.head!.hash).not.toBe(anchor.hash);
  });
});
