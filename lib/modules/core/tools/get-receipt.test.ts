import { beforeAll, describe, expect, it } from "vitest";
import { receipts } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { getObjectStore } from "@/lib/object-store";
import { runTool } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";

const call = (args: unknown) => runTool({ tool: findTool("core_get_receipt")!, args, principal: "tester", requestId: "req-get" });
const errorCode = (r: Awaited<ReturnType<typeof call>>) => (r._meta?.["omniaudit/error"] as { code: string } | undefined)?.code;
const base = { operation: "releasebutler_create_release", inputsHash: "a".repeat(64), actor: "alice" };
const put = async (value: unknown) => (await getObjectStore().put(Buffer.from(JSON.stringify(value)))).ref;

describe("core_get_receipt", () => {
  beforeAll(async () => {
    const db = await getDb();
    const big = { blob: "x".repeat(256 * 1024) };
    await db.insert(receipts).values([
      {
        ...base,
        id: "rcpt_ok",
        status: "succeeded",
        resultRef: await put({ release: { tag: "v1.2.0", url: "https://example.test/r/1" } }),
        confirmationId: "conf_1",
        requestId: "req-1",
        createdAt: new Date("2025-01-01T10:00:00Z"),
        finishedAt: new Date("2025-01-01T10:00:02Z"),
      },
      { ...base, id: "rcpt_big", status: "succeeded", resultRef: await put(big), finishedAt: new Date() },
      { ...base, id: "rcpt_fail", status: "failed", error: { code: "UPSTREAM_ERROR", message: "GitHub said 502" }, finishedAt: new Date() },
      { ...base, id: "rcpt_pending" },
      { ...base, id: "rcpt_lost", status: "succeeded", resultRef: `sha256/${"0".repeat(64)}`, finishedAt: new Date() },
    ]);
  });

  it("returns every receipt field and the parsed result object", async () => {
    const r = await call({ receipt_id: "rcpt_ok" });
    expect(r.isError).toBeUndefined();
    expect(r.structuredContent).toEqual({
      receipt_id: "rcpt_ok",
      operation: "releasebutler_create_release",
      inputs_hash: "a".repeat(64),
      actor: "alice",
      created_at: "2025-01-01T10:00:00.000Z",
      result_ref: expect.stringMatching(/^sha256\/[0-9a-f]{64}$/),
      status: "succeeded",
      error: null,
      confirmation_id: "conf_1",
      request_id: "req-1",
      finished_at: "2025-01-01T10:00:02.000Z",
      result: { release: { tag: "v1.2.0", url: "https://example.test/r/1" } },
      result_truncated: false,
      result_error: null,
    });
  });

  it("leaves out a result over 256 KiB", async () => {
    const r = await call({ receipt_id: "rcpt_big" });
    expect(r.structuredContent).toMatchObject({ receipt_id: "rcpt_big", result: null, result_truncated: true, result_error: null });
    expect(r.content[0]!.text.length).toBeLessThan(4096);
  });

  it("returns failed and pending receipts without a result", async () => {
    expect((await call({ receipt_id: "rcpt_fail" })).structuredContent).toMatchObject({
      status: "failed",
      error: { code: "UPSTREAM_ERROR", message: "GitHub said 502" },
      result_ref: null,
      result: null,
      result_truncated: false,
    });
    expect((await call({ receipt_id: "rcpt_pending" })).structuredContent).toMatchObject({ status: "pending", finished_at: null, result: null, result_error: null });
  });

  it("says so when the result object is missing from the store", async () => {
    const r = await call({ receipt_id: "rcpt_lost" });
    expect(r.structuredContent).toMatchObject({ result: null, result_truncated: false, result_error: expect.stringMatching(/not in the object store/) });
  });

  it("answers NOT_FOUND for an unknown id and VALIDATION_ERROR for bad arguments", async () => {
    const missing = await call({ receipt_id: "rcpt_nope" });
    expect(missing.isError).toBe(true);
    expect(errorCode(missing)).toBe("NOT_FOUND");
    expect(missing.content[0]!.text).toMatch(/core_list_receipts/);
    expect(errorCode(await call({}))).toBe("VALIDATION_ERROR");
    expect(errorCode(await call({ receipt_id: "rcpt_ok", extra: 1 }))).toBe("VALIDATION_ERROR");
  });
});
