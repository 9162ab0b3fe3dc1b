import { asc, count } from "drizzle-orm";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { auditLogs, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { sha256Hex, canonicalHash } from "@/lib/crypto/hash";
import { defineTool, type AnyTool } from "@/lib/runtime/define-tool";
import { findTool } from "@/lib/tools/registry";
import { auditRowCanonical, GENESIS_HASH } from "@/lib/audit/append-audit-log";
import { runTool } from "./run-tool";

const who = { principal: "tester", requestId: "req-1" };
const echo = defineTool({
  name: "core_echo_test",
  title: "echo",
  description: "test tool",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({ n: z.number().int().max(5) }).strict(),
  output: z.object({ doubled: z.number() }),
  handler: async ({ n }) => ({ doubled: n === 4 ? ("oops" as unknown as number) : n * 2 }),
}) as unknown as AnyTool;

describe("runTool pipeline", () => {
  it("returns structuredContent plus a text copy and audits the call with the canonical inputs hash", async () => {
    const r = await runTool({ tool: echo, args: { n: 2 }, ...who });
    expect(r.isError).toBeUndefined();
    expect(r.structuredContent).toEqual({ doubled: 4 });
    expect(JSON.parse(r.content[0]!.text)).toEqual({ doubled: 4 });
    const db = await getDb();
    const rows = await db.select().from(auditLogs).orderBy(asc(auditLogs.seq));
    const last = rows.at(-1)!;
    expect(last).toMatchObject({ tool: "core_echo_test", module: "core", decision: "allowed", status: "ok", principal: "tester", requestId: "req-1", inputsHash: canonicalHash({ n: 2 }) });
  });

  it("rejects invalid input naming the field, and an output that breaks the schema is INTERNAL without details", async () => {
    const bad = await runTool({ tool: echo, args: { n: 9, extra: true }, ...who });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toMatch(/^Error VALIDATION_ERROR: .*n: .*extra/s);
    const broken = await runTool({ tool: echo, args: { n: 4 }, ...who });
    expect(broken.isError).toBe(true);
    expect(broken.content[0]!.text).toMatch(/^Error INTERNAL: Internal error/);
    expect(broken.content[0]!.text).not.toMatch(/doubled/);
  });

  it("refuses a denied URL before the handler: nothing is written", async () => {
    const db = await getDb();
    const before = (await db.select({ n: count() }).from(scans))[0]!.n;
    const r = await runTool({ tool: findTool("sitelint.start_scan")!, args: { url: "http://192.168.0.10/" }, ...who });
    expect(r.isError).toBe(true);
    expect((r._meta?.["omniaudit/error"] as { code: string }).code).toBe("URL_NOT_ALLOWED");
    expect((await db.select({ n: count() }).from(scans))[0]!.n).toBe(before);
    const last = (await db.select().from(auditLogs).orderBy(asc(auditLogs.seq))).at(-1)!;
    expect(last).toMatchObject({ decision: "denied_policy", status: "error", errorCode: "URL_NOT_ALLOWED" });
  });

  it("chains audit rows by hash, without forks under concurrent calls", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => runTool({ tool: echo, args: { n: i % 4 }, ...who })));
    const db = await getDb();
    const rows = await db.select().from(auditLogs).orderBy(asc(auditLogs.seq));
    let prev = GENESIS_HASH;
    rows.forEach((row, i) => {
      expect(row.seq).toBe(i + 1);
      expect(row.prevHash).toBe(prev);
      expect(row.hash).toBe(sha256Hex(prev + auditRowCanonical({ ...row, errorCode: row.errorCode, status: row.status as "ok" | "error" })));
      prev = row.hash;
    });
    expect(rows.length).toBeGreaterThanOrEqual(12);
  });
});
