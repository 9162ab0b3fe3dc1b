import { asc, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs } from "@/drizzle/schema";
import { getDb, type Db } from "@/lib/db/client";
import { appendAuditLog, type AuditEntry } from "./append-audit-log";

const entry = (i: number): AuditEntry => ({
  requestId: `req-${i}`,
  principal: "alice",
  tool: "core_health",
  module: "core",
  inputsHash: "0".repeat(64),
  decision: "allowed",
  status: "ok",
  durationMs: i,
});

/** The message of an error and its causes (drizzle wraps driver errors in "Failed query: …"). */
function messages(e: unknown): string {
  const out: string[] = [];
  for (let cur = e; cur instanceof Error; cur = cur.cause) out.push(cur.message);
  return out.join(" | ");
}

async function refusal(db: Db, statement: ReturnType<typeof sql>): Promise<string> {
  try {
    await db.execute(statement);
  } catch (e) {
    return messages(e);
  }
  throw new Error("statement was not refused");
}

describe("audit_logs is append-only in the database", () => {
  let db: Db;
  let before: (typeof auditLogs.$inferSelect)[];

  beforeAll(async () => {
    db = await getDb();
    for (let i = 1; i <= 3; i++) await appendAuditLog(db, entry(i));
    before = await db.select().from(auditLogs).orderBy(asc(auditLogs.seq));
    expect(before).toHaveLength(3);
  });

  it.each([
    ["UPDATE of a row", "UPDATE", sql`update audit_logs set principal = 'mallory' where seq = 2`],
    ["UPDATE of every row", "UPDATE", sql`update audit_logs set decision = 'allowed'`],
    ["DELETE of a row", "DELETE", sql`delete from audit_logs where seq = 2`],
    ["UPDATE matching no row (statement-level trigger)", "UPDATE", sql`update audit_logs set principal = 'x' where seq = -1`],
    ["DELETE matching no row (statement-level trigger)", "DELETE", sql`delete from audit_logs where seq = -1`],
    ["TRUNCATE", "TRUNCATE", sql`truncate audit_logs`],
  ])("refuses %s", async (_name, op, statement) => {
    expect(await refusal(db, statement)).toMatch(new RegExp(`audit_logs is append-only: ${op} is not allowed`));
    expect(await db.select().from(auditLogs).orderBy(asc(auditLogs.seq))).toEqual(before);
  });

  it("still accepts appends afterwards, chained to the untouched rows", async () => {
    const next = await appendAuditLog(db, entry(4));
    expect(next.seq).toBe(4);
    const rows = await db.select().from(auditLogs).orderBy(asc(auditLogs.seq));
    expect(rows.slice(0, 3)).toEqual(before);
    expect(rows[3]!.prevHash).toBe(before[2]!.hash);
  });
});
