import { z } from "zod";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { defineTool, type AnyTool } from "@/lib/runtime/define-tool";
import { findTool } from "@/lib/tools/registry";
import { approvalModeFor } from "./confirmations/approval-mode";
import { setWritesDisabled } from "./policy/kill-switch";
import { checkRateLimit } from "./rate-limit/check-rate-limit";
import { runTool } from "./run-tool";
import { errorCodeOf, seedFinishedScan, testRepoWrite } from "./test-support";

const limited = defineTool({
  name: "core_test_limited",
  title: "limited",
  description: "Test-only read tool in a rate-limited bucket.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  rateLimit: { bucket: "test_bucket" },
  input: z.object({}).strict(),
  output: z.object({ ok: z.boolean() }),
  handler: async () => ({ ok: true }),
}) as unknown as AnyTool;

const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  resetEnvForTests();
};

beforeEach(() => setEnv({ RATE_LIMITS: undefined, GITHUB_WRITE_ALLOWLIST: undefined, CONFIRMATION_APPROVAL_RULES: undefined, CONFIRMATION_APPROVAL_MODE: undefined }));

describe("policies and rate limits run before any handler", () => {
  it("rate-limits a burst per principal and bucket in the database, with retry_after_seconds", async () => {
    setEnv({ RATE_LIMITS: "test_bucket=3/60" });
    const burst = await Promise.all(Array.from({ length: 8 }, () => runTool({ tool: limited, args: {}, principal: "bob", requestId: "r" })));
    expect(burst.filter((r) => !r.isError)).toHaveLength(3);
    const denied = burst.filter((r) => errorCodeOf(r) === "RATE_LIMITED");
    expect(denied).toHaveLength(5);
    const details = (denied[0]!._meta!["omniaudit/error"] as { details: { retry_after_seconds: number; bucket: string } }).details;
    expect(details.bucket).toBe("test_bucket");
    expect(details.retry_after_seconds).toBeGreaterThan(0);
    expect(details.retry_after_seconds).toBeLessThanOrEqual(60);
    // Another principal has its own budget.
    expect((await runTool({ tool: limited, args: {}, principal: "carol", requestId: "r" })).isError).toBeUndefined();
  });

  it("keeps counts in the database: a fresh process sees the same window, and a new window starts over", async () => {
    setEnv({ RATE_LIMITS: "test_bucket=2/60" });
    const db = await getDb();
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;
    await checkRateLimit(db, "dave", "test_bucket", t0);
    await checkRateLimit(db, "dave", "test_bucket", t0 + 10_000);
    await expect(checkRateLimit(db, "dave", "test_bucket", t0 + 20_000)).rejects.toMatchObject({ code: "RATE_LIMITED", details: { retry_after_seconds: 39 } });
    await expect(checkRateLimit(db, "dave", "test_bucket", t0 + 60_000)).resolves.toBeUndefined();
  });

  it("the kill switch refuses every write at once, and reads keep working", async () => {
    const db = await getDb();
    const { scanId } = await seedFinishedScan(db);
    await setWritesDisabled(db, { disabled: true, reason: "incident 42", by: "op-jane" });
    const r = await runTool({ tool: findTool("sitelint_delete_scan")!, args: { scan_id: scanId }, principal: "bob", requestId: "r" });
    expect(errorCodeOf(r)).toBe("WRITES_DISABLED");
    expect(r.content[0]!.text).toContain("incident 42");
    expect((await runTool({ tool: findTool("sitelint_get_scan")!, args: { scan_id: scanId }, principal: "bob", requestId: "r" })).isError).toBeUndefined();
    await setWritesDisabled(db, { disabled: false, by: "op-jane" });
    const again = await runTool({ tool: findTool("sitelint_delete_scan")!, args: { scan_id: scanId }, principal: "bob", requestId: "r" });
    expect(again.structuredContent?.status).toBe("confirmation_required");
  });

  it("refuses GitHub writes outside the repo allowlist before asking for confirmation", async () => {
    const call = (repo: string) => runTool({ tool: testRepoWrite, args: { repo, title: "t" }, principal: "bob", requestId: "r" });
    expect(errorCodeOf(await call("acme/widgets"))).toBe("POLICY_DENIED");
    setEnv({ GITHUB_WRITE_ALLOWLIST: "acme/*,octo/hello-world" });
    expect((await call("acme/widgets")).structuredContent?.status).toBe("confirmation_required");
    expect((await call("ACME/Widgets")).structuredContent?.status).toBe("confirmation_required");
    expect(errorCodeOf(await call("evil/widgets"))).toBe("POLICY_DENIED");
    expect(errorCodeOf(await call("octo/hello-world-2"))).toBe("POLICY_DENIED");
  });

  it("resolves the approval mode from global, tool and repo rules", () => {
    expect(approvalModeFor("sitelint_delete_scan")).toBe("operator");
    setEnv({ CONFIRMATION_APPROVAL_MODE: "token", CONFIRMATION_APPROVAL_RULES: "sitelint.delete_scan=operator,repo:acme/*=operator,repo:sandbox/*=token" });
    expect(approvalModeFor("sitelint_delete_scan")).toBe("operator");
    expect(approvalModeFor("auditlens_create_issue")).toBe("token");
    expect(approvalModeFor("auditlens_create_issue", ["acme/api"])).toBe("operator");
    expect(approvalModeFor("auditlens_create_issue", ["sandbox/x"])).toBe("token");
    expect(approvalModeFor("auditlens_create_issue", ["sandbox/x", "acme/api"])).toBe("operator");
  });
});
