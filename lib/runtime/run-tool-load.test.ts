import { eq, like, sql } from "drizzle-orm";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLogs, receipts } from "@/drizzle/schema";
import { auditWriterOf } from "@/lib/audit/append-audit-log";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import { getDb, type Db } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { findTool } from "@/lib/tools/registry";
import { defineTool, type AnyTool } from "./define-tool";
import { runTool } from "./run-tool";
import { errorCodeOf, testRepoWrite } from "./test-support";

/** Run `fn` with a CHECK constraint that refuses the audit rows `predicate` (SQL over audit_logs) matches. */
async function refusingRows(db: Db, predicate: string, fn: () => Promise<void>): Promise<void> {
  await db.execute(sql.raw(`alter table audit_logs add constraint audit_logs_test_refuse check (not (${predicate}))`));
  try {
    await fn();
  } finally {
    await db.execute(sql`alter table audit_logs drop constraint audit_logs_test_refuse`);
  }
}

/** Resolves once `n` callers are waiting, releasing them together (so their audit rows queue in one turn). */
function barrier(n: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  return () => {
    if (++waiting === n) release();
    return all;
  };
}

const seqsOf = async (db: Db, prefix: string) =>
  (await db.select({ seq: auditLogs.seq }).from(auditLogs).where(like(auditLogs.requestId, `${prefix}%`))).map((r) => r.seq).sort((a, b) => a - b);

beforeAll(() => {
  process.env.CONFIRMATION_APPROVAL_MODE = "token";
  process.env.GITHUB_WRITE_ALLOWLIST = "acme/*";
  resetEnvForTests();
});
afterAll(() => {
  delete process.env.CONFIRMATION_APPROVAL_MODE;
  delete process.env.GITHUB_WRITE_ALLOWLIST;
  resetEnvForTests();
});

describe("runTool under load", () => {
  it("500 concurrent core_health calls in one burst: 500 answers, 500 audit rows with consecutive seq, one verified chain", async () => {
    const db = await getDb();
    const health = findTool("core_health")!;
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => runTool({ tool: health, args: {}, principal: "load", requestId: `load-${i}` })));
    expect(results.filter((r) => r.isError)).toEqual([]);
    const seqs = await seqsOf(db, "load-");
    expect(seqs).toHaveLength(500);
    expect(seqs.at(-1)! - seqs[0]!).toBe(499);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, first_bad_seq: null });
  });

  it("a call whose audit row violates a constraint inside a batch fails alone, with a clean error; the batch's other calls succeed", async () => {
    const db = await getDb();
    const arrive = barrier(40);
    const tool = (name: string) =>
      defineTool({
        name, title: name, description: "test tool", risk: "read", openWorld: false, idempotent: true,
        input: z.object({}).strict(), output: z.object({ ok: z.boolean() }),
        handler: async () => (await arrive(), { ok: true }),
      }) as unknown as AnyTool;
    const [fine, doomed] = [tool("core_fine_test"), tool("core_doomed_test")];
    const before = auditWriterOf(db).stats();
    let results: Awaited<ReturnType<typeof runTool>>[] = [];
    await refusingRows(db, "tool = 'core_doomed_test'", async () => {
      results = await Promise.all(Array.from({ length: 40 }, (_, i) => runTool({ tool: i === 13 ? doomed : fine, args: {}, principal: "load", requestId: `batch-${i}` })));
    });
    const after = auditWriterOf(db).stats();
    // All 40 rows were queued in one turn: one failed one-statement attempt, then one transaction with 39 rows.
    expect({ batches: after.batches - before.batches, retries: after.isolatedRetries - before.isolatedRetries, failed: after.failed - before.failed }).toEqual({ batches: 1, retries: 1, failed: 1 });
    expect(results.filter((r) => r.isError)).toHaveLength(1);
    expect(errorCodeOf(results[13]!)).toBe("INTERNAL");
    expect(results[13]!.content[0]!.text).toMatch(/could not be recorded in the audit log, so its result is withheld/);
    expect(results[13]!.content[0]!.text).not.toMatch(/constraint|audit_logs_test_refuse/);
    expect(results[13]!.structuredContent).toBeUndefined();
    const seqs = await seqsOf(db, "batch-");
    expect(seqs).toHaveLength(39);
    expect(seqs.at(-1)! - seqs[0]!).toBe(38);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });

  it("a confirmed write's receipt is finalised with its audit row, or not at all when the row cannot be committed", async () => {
    const db = await getDb();
    const write = async (repo: string, requestId: string) => {
      const ask = await runTool({ tool: testRepoWrite, args: { repo, title: "t" }, principal: "load", requestId });
      const token = (ask.structuredContent as { confirmation_token: string }).confirmation_token;
      return runTool({ tool: testRepoWrite, args: { repo, title: "t", confirmation_token: token }, principal: "load", requestId });
    };
    const receiptOf = async (requestId: string) => (await db.select().from(receipts).where(eq(receipts.requestId, requestId)))[0]!;
    const decisionsOf = async (requestId: string) => (await db.select({ d: auditLogs.decision }).from(auditLogs).where(eq(auditLogs.requestId, requestId))).map((r) => r.d);

    const done = await write("acme/ok", "gate-ok");
    expect(done.isError, JSON.stringify(done)).toBeUndefined();
    expect(await receiptOf("gate-ok")).toMatchObject({ status: "succeeded" });
    expect(await decisionsOf("gate-ok")).toEqual(["confirmation_required", "confirmed"]);

    await refusingRows(db, "request_id = 'gate-refused' and decision = 'confirmed'", async () => {
      const refused = await write("acme/refused", "gate-refused");
      expect(errorCodeOf(refused)).toBe("INTERNAL");
    });
    // The receipt's UPDATE was rolled back with the row: it is still pending, with no result.
    expect(await receiptOf("gate-refused")).toMatchObject({ status: "pending", resultRef: null, finishedAt: null });
    expect(await decisionsOf("gate-refused")).toEqual(["confirmation_required"]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });
});
