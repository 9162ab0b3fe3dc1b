import { and, count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLogs, confirmations, receipts, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { getObjectStore } from "@/lib/object-store";
import { findTool } from "@/lib/tools/registry";
import { decideConfirmation } from "./confirmations/decide-confirmation";
import { runTool } from "./run-tool";
import { errorCodeOf, seedFinishedScan, testRepoWrite } from "./test-support";

const del = findTool("sitelint.delete_scan")!;
const alice = { principal: "alice", requestId: "req-gate" };
type Conf = { status: string; confirmation_id: string; confirmation_token: string; approval: string; approve_url: string; summary: string; expires_at: string };

async function ask(scanId: string, who = alice) {
  const r = await runTool({ tool: del, args: { scan_id: scanId }, ...who });
  expect(r.isError, JSON.stringify(r)).toBeUndefined();
  return r.structuredContent as Conf;
}
const redeem = (scanId: string, token: string, who = alice, tool = del) => runTool({ tool, args: { scan_id: scanId, confirmation_token: token }, ...who });

beforeEach(() => {
  delete process.env.CONFIRMATION_APPROVAL_RULES;
  delete process.env.CONFIRMATION_APPROVAL_MODE;
  // The gate, not the rate limiter, is under test here (rate limits: policies.test.ts).
  process.env.RATE_LIMITS = "destructive=10000/60";
  resetEnvForTests();
});
afterEach(() => vi.useRealTimers());

describe("write gate", () => {
  it("asks first, needs an operator's approval, then executes once with a receipt and an immutable result", async () => {
    const db = await getDb();
    const { scanId, ref } = await seedFinishedScan(db);
    const conf = await ask(scanId);
    expect(conf).toMatchObject({ status: "confirmation_required", approval: "operator" });
    expect(conf.summary).toContain(scanId);
    expect(conf.summary).toMatch(/1 page record\(s\), 1 finding\(s\)/);
    expect(conf.approve_url).toMatch(new RegExp(`/confirmations/${conf.confirmation_id}$`));
    expect(new Date(conf.expires_at).getTime() - Date.now()).toBeGreaterThan(590_000);
    expect((await db.select().from(scans).where(eq(scans.id, scanId))).length).toBe(1);

    expect(errorCodeOf(await redeem(scanId, conf.confirmation_token))).toBe("CONFIRMATION_NOT_APPROVED");
    const approved = await decideConfirmation(db, { id: conf.confirmation_id, decision: "approve", operator: "op-jane" });
    expect(approved).toMatchObject({ status: "approved", decided_by: "op-jane" });

    const done = await redeem(scanId, conf.confirmation_token);
    expect(done.isError, JSON.stringify(done)).toBeUndefined();
    const out = done.structuredContent as { receipt_id: string; deleted_pages: number; deleted_findings: number; deleted_objects: number };
    expect(out).toMatchObject({ deleted_pages: 1, deleted_findings: 1, deleted_objects: 1 });
    expect(await getObjectStore().has(ref)).toBe(false);
    const [receipt] = await db.select().from(receipts).where(eq(receipts.id, out.receipt_id));
    expect(receipt).toMatchObject({ status: "succeeded", operation: "sitelint_delete_scan", actor: "alice", confirmationId: conf.confirmation_id });
    const stored = JSON.parse((await getObjectStore().get(receipt!.resultRef!)).toString());
    expect(stored.output).toMatchObject({ scan_id: scanId, deleted_pages: 1 });

    const replay = await redeem(scanId, conf.confirmation_token);
    expect(errorCodeOf(replay)).toBe("CONFIRMATION_ALREADY_USED");
    expect(replay.content[0]?.text).toContain(`receipt ${out.receipt_id}`);
    const decisions = (await db.select().from(auditLogs).where(eq(auditLogs.tool, "sitelint_delete_scan"))).map((r) => r.decision);
    expect(decisions).toEqual(["confirmation_required", "confirmation_rejected", "confirmed", "confirmation_rejected"]);
  });

  it("rejects tampered and malformed tokens, other tools, changed arguments and other principals, each with its own code", async () => {
    process.env.CONFIRMATION_APPROVAL_MODE = "token";
    resetEnvForTests();
    const db = await getDb();
    const { scanId } = await seedFinishedScan(db);
    const other = await seedFinishedScan(db, "other");
    const { confirmation_token: token } = await ask(scanId);
    const flipped = token.slice(0, -2) + (token.at(-2) === "A" ? "B" : "A") + token.at(-1);
    expect(errorCodeOf(await redeem(scanId, flipped))).toBe("CONFIRMATION_INVALID");
    expect(errorCodeOf(await redeem(scanId, "garbage"))).toBe("CONFIRMATION_INVALID");
    expect(errorCodeOf(await redeem(scanId, token.replace(/\.(\d{10})\./, (_m, d: string) => `.${Number(d) + 1}.`)))).toBe("CONFIRMATION_INVALID");
    const wrongTool = await runTool({ tool: testRepoWrite, args: { repo: "acme/x", title: "t", confirmation_token: token }, ...alice });
    // The repo allowlist is empty, so policy refuses first — allow the repo to reach the gate.
    expect(errorCodeOf(wrongTool)).toBe("POLICY_DENIED");
    process.env.GITHUB_WRITE_ALLOWLIST = "acme/*";
    resetEnvForTests();
    expect(errorCodeOf(await runTool({ tool: testRepoWrite, args: { repo: "acme/x", title: "t", confirmation_token: token }, ...alice }))).toBe("CONFIRMATION_TOOL_MISMATCH");
    expect(errorCodeOf(await redeem(other.scanId, token))).toBe("CONFIRMATION_ARGS_MISMATCH");
    expect(errorCodeOf(await redeem(scanId, token, { principal: "mallory", requestId: "r" }))).toBe("CONFIRMATION_PRINCIPAL_MISMATCH");
    // None of those consumed it: the genuine call still works once (token mode).
    expect((await redeem(scanId, token)).isError).toBeUndefined();
    delete process.env.GITHUB_WRITE_ALLOWLIST;
  });

  it("rejects expired and denied confirmations", async () => {
    const db = await getDb();
    const { scanId } = await seedFinishedScan(db);
    const denied = await ask(scanId);
    await decideConfirmation(db, { id: denied.confirmation_id, decision: "deny", operator: "op-jane" });
    expect(errorCodeOf(await redeem(scanId, denied.confirmation_token))).toBe("CONFIRMATION_DENIED");
    await expect(decideConfirmation(db, { id: denied.confirmation_id, decision: "approve", operator: "op" })).rejects.toMatchObject({ code: "CONFLICT" });

    const late = await ask(scanId);
    await decideConfirmation(db, { id: late.confirmation_id, decision: "approve", operator: "op-jane" });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 601_000);
    expect(errorCodeOf(await redeem(scanId, late.confirmation_token))).toBe("CONFIRMATION_EXPIRED");
  });

  it("redeems exactly once under 50 concurrent calls with one token, with one receipt", async () => {
    process.env.CONFIRMATION_APPROVAL_RULES = "sitelint_delete_scan=token";
    resetEnvForTests();
    const db = await getDb();
    const { scanId } = await seedFinishedScan(db);
    const conf = await ask(scanId);
    expect(conf.approval).toBe("token");
    const results = await Promise.all(Array.from({ length: 50 }, () => redeem(scanId, conf.confirmation_token)));
    const ok = results.filter((r) => !r.isError);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => errorCodeOf(r) === "CONFIRMATION_ALREADY_USED")).toHaveLength(49);
    const [n] = await db.select({ n: count() }).from(receipts).where(eq(receipts.confirmationId, conf.confirmation_id));
    expect(Number(n!.n)).toBe(1);
    const [c] = await db.select().from(confirmations).where(and(eq(confirmations.id, conf.confirmation_id), eq(confirmations.status, "consumed")));
    expect(c).toBeDefined();
  });
});
