import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inArray, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLogs, runtimeSettings } from "@/drizzle/schema";
import { getDb, openDatabase, type Db } from "@/lib/db/client";
import { appendAuditLog, auditWriterOf } from "./append-audit-log";
import { AUDIT_LOCK_KEY, type AuditEntry } from "./audit-row";
import { createAuditWriter } from "./create-audit-writer";
import { verifyAuditLog } from "./verify-audit-log";

const onPostgres = !!process.env.DATABASE_URL;
const entry = (requestId: string, tool = "core_health"): AuditEntry => ({ requestId, principal: "load", tool, module: "core", inputsHash: "0".repeat(64), decision: "allowed", status: "ok", durationMs: 1 });

/** The message of an error and its causes (drizzle wraps driver errors in "Failed query: …"). */
function messages(e: unknown): string {
  const out: string[] = [];
  for (let cur = e; cur instanceof Error; cur = cur.cause) out.push(cur.message);
  return out.join(" | ");
}

/** `seqs` sorted are consecutive integers (no gap, no duplicate). */
function expectConsecutive(seqs: number[]): void {
  const sorted = [...seqs].sort((a, b) => a - b);
  expect(sorted.at(-1)! - sorted[0]!).toBe(sorted.length - 1);
  expect(new Set(sorted).size).toBe(sorted.length);
}

/** Run `fn` with a CHECK constraint refusing audit rows of tool `poison` (a constraint a row can violate). */
async function withPoisonConstraint(db: Db, fn: () => Promise<void>): Promise<void> {
  await db.execute(sql`alter table audit_logs add constraint audit_logs_test_poison check (tool <> 'poison')`);
  try {
    await fn();
  } finally {
    await db.execute(sql`alter table audit_logs drop constraint audit_logs_test_poison`);
  }
}

describe("audit group commit", () => {
  it("500 concurrent appends in one burst: 500 rows, consecutive seq, one verified chain, in far fewer transactions", async () => {
    const db = await getDb();
    const before = auditWriterOf(db).stats();
    const ids = Array.from({ length: 500 }, (_, i) => `burst-${i}`);
    const appended = await Promise.all(ids.map((id) => appendAuditLog(db, entry(id))));
    expectConsecutive(appended.map((a) => a.seq));
    const rows = await db.select({ seq: auditLogs.seq, requestId: auditLogs.requestId, hash: auditLogs.hash }).from(auditLogs).where(like(auditLogs.requestId, "burst-%"));
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.requestId))).toEqual(new Set(ids));
    // Each caller got its own row's place in the chain.
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    appended.forEach((a, i) => expect(bySeq.get(a.seq)).toEqual({ seq: a.seq, requestId: ids[i], hash: a.hash }));
    const after = auditWriterOf(db).stats();
    expect(after.rows - before.rows).toBe(500);
    expect(after.batches - before.batches).toBeLessThan(500);
    expect(after.largestBatch).toBeGreaterThan(1);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, first_bad_seq: null });
  });

  it("a row violating a constraint fails only its own append; the rest of its batch commits, with their `with` statements", async () => {
    const db = await getDb();
    const writer = createAuditWriter(db);
    await withPoisonConstraint(db, async () => {
      // Queued in one turn of the event loop: one batch.
      const settled = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          writer.append({ entry: entry(`poison-${i}`, i === 7 ? "poison" : "core_health"), with: (tx) => tx.insert(runtimeSettings).values({ key: `poison-with-${i}`, value: { i }, updatedBy: "test" }) }),
        ),
      );
      expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(19);
      const refused = settled[7]!;
      expect(refused.status).toBe("rejected");
      expect(messages((refused as PromiseRejectedResult).reason)).toMatch(/audit_logs_test_poison/);
      expectConsecutive(settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.seq] : [])));
    });
    expect(writer.stats()).toEqual({ batches: 1, rows: 19, isolatedRetries: 1, failed: 1, largestBatch: 19 });
    const rows = await db.select({ requestId: auditLogs.requestId }).from(auditLogs).where(like(auditLogs.requestId, "poison-%"));
    expect(rows.map((r) => r.requestId).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `poison-${i}`).filter((id) => id !== "poison-7").sort());
    // The refused row's companion statement was rolled back with it; the others committed with theirs.
    const sides = await db.select({ key: runtimeSettings.key }).from(runtimeSettings).where(like(runtimeSettings.key, "poison-with-%"));
    expect(sides).toHaveLength(19);
    expect(sides.map((s) => s.key)).not.toContain("poison-with-7");
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });

  it("a failing `with` statement fails only its entry, and its row is not written", async () => {
    const db = await getDb();
    const writer = createAuditWriter(db);
    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => writer.append({ entry: entry(`with-fail-${i}`), with: i === 2 ? (tx) => tx.execute(sql`select 1 / 0`) : undefined })),
    );
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(messages((settled[2] as PromiseRejectedResult).reason)).toMatch(/division by zero/);
    const rows = await db.select({ requestId: auditLogs.requestId }).from(auditLogs).where(inArray(auditLogs.requestId, ["with-fail-2"]));
    expect(rows).toEqual([]);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
  });

  it.skipIf(!onPostgres)("two instances (own pools, own writers) appending at once on one PostgreSQL database form one unbroken chain", async () => {
    const db = await getDb();
    const other = await openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: "" });
    const holder = await openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: "", poolMax: 1 });
    try {
      // Hold the chain lock so that both writers' first batches are certainly waiting for it at the same time.
      await holder.db.execute(sql`select pg_advisory_lock(${AUDIT_LOCK_KEY})`);
      const writers = [auditWriterOf(db), createAuditWriter(other.db)];
      const bursts = writers.map((w, n) => Promise.all(Array.from({ length: 300 }, (_, i) => w.append({ entry: entry(`inst${n}-${i}`) }))));
      let waiting = 0;
      for (let i = 0; i < 400 && waiting < 2; i++) {
        await new Promise((r) => setTimeout(r, 25));
        const res: unknown = await holder.db.execute(sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = ${AUDIT_LOCK_KEY} and not granted`);
        waiting = (res as { n: number }[])[0]!.n; // postgres-js: an array of rows
      }
      expect(waiting).toBe(2);
      await holder.db.execute(sql`select pg_advisory_unlock(${AUDIT_LOCK_KEY})`);
      const [a, b] = await Promise.all(bursts);
      expectConsecutive([...a!, ...b!].map((r) => r.seq));
      const rows = await db.select({ requestId: auditLogs.requestId }).from(auditLogs).where(like(auditLogs.requestId, "inst%"));
      expect(rows).toHaveLength(600);
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
    } finally {
      await other.close();
      await holder.close();
    }
  });

  it("killing the appending process mid-burst loses no answered append; the chain verifies and grows after a restart", { timeout: 180_000 }, async () => {
    const childDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-burst-"));
    const env = { ...process.env, DATA_DIR: childDataDir };
    // The child's database: this test's PostgreSQL database, or PGlite in its own data directory.
    const open = async () => (onPostgres ? { db: await getDb(), close: async () => {} } : openDatabase({ pgliteDir: path.join(childDataDir, "pglite") }));
    const first = await runBurst({ tag: "crash", count: 20_000, concurrency: 64, env, killAfter: 300 });
    expect(first.signal).toBe("SIGKILL");
    expect(first.done).toBe(false);
    expect(first.answered.size).toBeGreaterThanOrEqual(300);
    expect(first.answered.size).toBeLessThan(20_000);
    let h = await open();
    try {
      const rows = await h.db.select({ requestId: auditLogs.requestId, seq: auditLogs.seq }).from(auditLogs).where(like(auditLogs.requestId, "crash-%"));
      const stored = new Map(rows.map((r) => [r.requestId, r.seq]));
      for (const [id, seq] of first.answered) expect(stored.get(id), id).toBe(seq);
      expect(await verifyAuditLog(h.db)).toMatchObject({ ok: true });
    } finally {
      await h.close();
    }
    const restart = await runBurst({ tag: "restart", count: 50, concurrency: 8, env });
    expect(restart.done).toBe(true);
    expect(restart.answered.size).toBe(50);
    h = await open();
    try {
      const verified = await verifyAuditLog(h.db);
      expect(verified).toMatchObject({ ok: true });
      expect(verified.head!.seq).toBe(Math.max(...restart.answered.values()));
    } finally {
      await h.close();
      fs.rmSync(childDataDir, { recursive: true, force: true });
    }
  });
});

/** Run lib/audit/append-burst-child.ts; SIGKILL it once `killAfter` appends were answered. */
function runBurst(o: { tag: string; count: number; concurrency: number; env: NodeJS.ProcessEnv; killAfter?: number }) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("lib", "audit", "append-burst-child.ts"), o.tag, String(o.count), String(o.concurrency)], {
    cwd: process.cwd(),
    env: o.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const answered = new Map<string, number>();
  let done = false;
  let buffered = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  child.stdout.on("data", (d) => {
    buffered += String(d);
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      const [word, id, seq] = line.split(" ");
      if (word === "ok") answered.set(id!, Number(seq));
      if (word === "done") done = true;
    }
    if (o.killAfter !== undefined && answered.size >= o.killAfter && child.exitCode === null) child.kill("SIGKILL");
  });
  return new Promise<{ answered: Map<string, number>; done: boolean; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code && code !== 0) return reject(new Error(`burst child exited with ${code}: ${stderr}`));
      resolve({ answered, done, signal });
    });
  });
}
