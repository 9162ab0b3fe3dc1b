import { beforeAll, describe, expect, it } from "vitest";
import { receipts } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { getObjectStore } from "@/lib/object-store";
import { runTool } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";

type Listed = { receipts: { receipt_id: string; status: string; operation: string }[]; total: number; truncated: boolean; next_offset: number | null };

const call = (args: unknown) => runTool({ tool: findTool("core.list_receipts")!, args, principal: "tester", requestId: "req-list" });
const list = async (args: unknown) => (await call(args)).structuredContent as Listed;
const ids = (l: Listed) => l.receipts.map((r) => r.receipt_id);

describe("core_list_receipts", () => {
  beforeAll(async () => {
    const db = await getDb();
    const ref = (await getObjectStore().put(Buffer.from(JSON.stringify({ ok: true })))).ref;
    // r1 oldest … r5 newest; r2 and r4 are another operation; r3 failed; r5 pending.
    const ops = ["releasebutler_create_release", "auditlens_open_issue", "releasebutler_create_release", "auditlens_open_issue", "releasebutler_create_release"];
    const status = ["succeeded", "succeeded", "failed", "succeeded", "pending"] as const;
    await db.insert(receipts).values(
      ops.map((operation, i) => ({
        id: `rcpt_${i + 1}`,
        operation,
        inputsHash: "b".repeat(64),
        actor: i % 2 ? "bob" : "alice",
        status: status[i],
        resultRef: status[i] === "succeeded" ? ref : null,
        error: status[i] === "failed" ? { code: "UPSTREAM_ERROR", message: "boom" } : null,
        createdAt: new Date(Date.UTC(2025, 0, 1, 10, i)),
        finishedAt: status[i] === "pending" ? null : new Date(Date.UTC(2025, 0, 1, 10, i, 5)),
      })),
    );
  });

  it("lists every receipt newest first with the default page", async () => {
    const l = await list({});
    expect(ids(l)).toEqual(["rcpt_5", "rcpt_4", "rcpt_3", "rcpt_2", "rcpt_1"]);
    expect(l).toMatchObject({ total: 5, truncated: false, next_offset: null });
    expect(l.receipts[2]).toMatchObject({ status: "failed", error: { code: "UPSTREAM_ERROR", message: "boom" }, result_ref: null });
  });

  it("filters by operation and by status", async () => {
    expect(ids(await list({ operation: "auditlens_open_issue" }))).toEqual(["rcpt_4", "rcpt_2"]);
    expect(ids(await list({ status: "succeeded" }))).toEqual(["rcpt_4", "rcpt_2", "rcpt_1"]);
    const both = await list({ operation: "releasebutler_create_release", status: "succeeded" });
    expect(ids(both)).toEqual(["rcpt_1"]);
    expect(both.total).toBe(1);
    expect(await list({ operation: "nope_nothing" })).toEqual({ receipts: [], total: 0, truncated: false, next_offset: null });
  });

  it("pages with limit and offset, saying when more exist", async () => {
    const p1 = await list({ limit: 2 });
    expect(p1).toMatchObject({ total: 5, truncated: true, next_offset: 2 });
    expect(ids(p1)).toEqual(["rcpt_5", "rcpt_4"]);
    const p2 = await list({ limit: 2, offset: p1.next_offset });
    expect(ids(p2)).toEqual(["rcpt_3", "rcpt_2"]);
    const p3 = await list({ limit: 2, offset: p2.next_offset });
    expect(ids(p3)).toEqual(["rcpt_1"]);
    expect(p3).toMatchObject({ truncated: false, next_offset: null });
  });

  it("rejects out-of-range limits, unknown statuses and unknown fields", async () => {
    for (const args of [{ limit: 0 }, { limit: 101 }, { offset: -1 }, { status: "done" }, { actor: "alice" }]) {
      const r = await call(args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect((r._meta?.["omniaudit/error"] as { code: string }).code).toBe("VALIDATION_ERROR");
    }
  });
});
