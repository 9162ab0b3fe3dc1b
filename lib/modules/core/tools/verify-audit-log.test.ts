import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { runTool } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";

const call = (args: unknown = {}) => runTool({ tool: findTool("core_verify_audit_log")!, args, principal: "tester", requestId: "req-verify" });

describe("core_verify_audit_log", () => {
  it("verifies the chain its own calls extend, then reports an edited row", async () => {
    expect((await call()).structuredContent).toEqual({ ok: true, checked: 0, first_bad_seq: null, reason: null, head: null });
    // The first call was audited: the second sees one row.
    const second = await call();
    expect(second.structuredContent).toMatchObject({ ok: true, checked: 1, head: { seq: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });

    const db = await getDb();
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_logs disable trigger user`);
      await tx.execute(sql`update audit_logs set principal = 'mallory' where seq = 1`);
      await tx.execute(sql`alter table audit_logs enable trigger user`);
    });
    expect((await call()).structuredContent).toEqual({ ok: false, checked: 1, first_bad_seq: 1, reason: "hash mismatch", head: null });
  });

  it("accepts only an empty object", async () => {
    const r = await call({ deep: true });
    expect(r.isError).toBe(true);
    expect((r._meta?.["omniaudit/error"] as { code: string }).code).toBe("VALIDATION_ERROR");
  });
});
