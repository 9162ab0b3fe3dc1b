import { count, desc } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLogs } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import { serveMcp } from "./serve-mcp";

const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const post = (body: string, headers: Record<string, string> = {}) => serveMcp(new Request("http://127.0.0.1:3000/api/mcp", { method: "POST", headers: { ...HEADERS, ...headers }, body }));
const rpc = (method: string, params?: unknown, id: unknown = 1) => JSON.stringify({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });
const auditCount = async () => Number((await (await getDb()).select({ n: count() }).from(auditLogs))[0]!.n);
const lastAudit = async () => (await (await getDb()).select().from(auditLogs).orderBy(desc(auditLogs.seq)).limit(1))[0]!;

/** The JSON-RPC message of a response, whether the SDK answered as JSON or as one SSE event. */
async function message(res: Response): Promise<{ id?: unknown; result?: { isError?: boolean; _meta?: Record<string, { code: string }> }; error?: { code: number; message: string } }> {
  const text = await res.text();
  const data = text.startsWith("{") ? text : /^data: (.*)$/m.exec(text)?.[1];
  return data ? JSON.parse(data) : {};
}

beforeAll(() => {
  process.env.MCP_MAX_BODY_BYTES = String(1024 * 1024);
  resetEnvForTests();
});

describe("MCP edge: every call audited, no internal error from strings, bounded bodies", () => {
  it("a tool name with NUL is -32602, audited under a safe placeholder", async () => {
    const before = await auditCount();
    const m = await message(await post(rpc("tools/call", { name: "core_health\u0000", arguments: {} })));
    expect(m.error).toMatchObject({ code: -32602, message: expect.stringContaining("params.name") });
    expect(m.error!.message).not.toMatch(/insert into|audit_logs|Failed query/);
    expect(await auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ tool: "core_health\ufffd", module: "unknown", decision: "invalid_input", status: "error", errorCode: "VALIDATION_ERROR" });
  });

  it("NUL and lone surrogates in any tool's string arguments are VALIDATION_ERROR results naming the field, each audited", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["core_get_job", { job_id: "\u0000" }, "job_id"],
      ["core_get_receipt", { receipt_id: "rcpt_\u0000" }, "receipt_id"],
      ["core_get_confirmation", { confirmation_id: "conf_\u0000x" }, "confirmation_id"],
      ["sitelint_list_findings", { scan_id: "scan\u0000" }, "scan_id"],
      ["sitelint_delete_scan", { scan_id: "scan_\ud800" }, "scan_id"],
      ["sitelint_start_scan", { url: "https://example.com/\udc00" }, "url"],
      ["core_describe_tool", { ["na\u0000me"]: "x" }, "(key)"],
    ];
    for (const [name, args, field] of cases) {
      const before = await auditCount();
      const m = await message(await post(rpc("tools/call", { name, arguments: args })));
      expect(m.result?.isError, name).toBe(true);
      expect(m.result?._meta?.["omniaudit/error"]?.code, name).toBe("VALIDATION_ERROR");
      expect(JSON.stringify(m), name).toContain(field);
      expect(await auditCount(), name).toBe(before + 1);
      expect(await lastAudit()).toMatchObject({ tool: name, decision: "invalid_input", errorCode: "VALIDATION_ERROR" });
    }
  });

  it("initialize with no or empty params is -32602 with a one-line reason, not -32603 with a zod dump", async () => {
    for (const params of [undefined, {}]) {
      const m = await message(await post(rpc("initialize", params)));
      expect(m.error?.code).toBe(-32602);
      expect(m.error?.message).toMatch(/^Invalid params for initialize: params/);
      expect(m.error?.message).not.toContain("\n");
    }
  });

  it("malformed tools/call requests are refused at the edge and audited: no name, wrong types, no id, batches", async () => {
    const bodies = [
      rpc("tools/call", { arguments: {} }),
      rpc("tools/call", { name: 42 }),
      rpc("tools/call"),
      rpc("tools/call", { name: "core_health", arguments: [1] }),
      rpc("tools/call", { name: "x".repeat(300) }),
      JSON.stringify({ jsonrpc: "2.0", method: "tools/call", params: { name: "core_health" } }),
      JSON.stringify({ jsonrpc: "1.0", id: 1, method: "tools/call", params: { name: "core_health" } }),
      JSON.stringify({ jsonrpc: "2.0", id: { a: 1 }, method: "tools/call", params: { name: "core_health" } }),
    ];
    for (const body of bodies) {
      const before = await auditCount();
      const res = await post(body);
      expect(res.status, body.slice(0, 80)).toBeLessThan(500);
      expect(await auditCount(), body.slice(0, 80)).toBe(before + 1);
    }
    const before = await auditCount();
    const batch = await post(JSON.stringify([JSON.parse(rpc("tools/call", { name: "core_health" })), JSON.parse(rpc("tools/list", {}, 2))]));
    expect(batch.status).toBe(400);
    expect((await message(batch)).error?.message).toMatch(/batches are not supported/);
    expect(await auditCount()).toBe(before + 1);
  });

  it("a body over MCP_MAX_BODY_BYTES is 413 before anything is parsed, valid JSON or not, with or without Content-Length", async () => {
    const big = rpc("tools/call", { name: "core_health", arguments: { pad: "x".repeat(2 * 1024 * 1024) } });
    const res = await post(big);
    expect(res.status).toBe(413);
    expect((await message(res)).error?.message).toMatch(/MCP_MAX_BODY_BYTES/);
    // Streamed with no Content-Length: counted while reading, refused at the limit.
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 40; i++) c.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
        c.close();
      },
    });
    const streamed = await serveMcp(new Request("http://127.0.0.1:3000/api/mcp", { method: "POST", headers: HEADERS, body: stream, duplex: "half" } as RequestInit));
    expect(streamed.status).toBe(413);
    const ok = await post(rpc("tools/call", { name: "core_health", arguments: {} }));
    expect(ok.status).toBe(200);
    expect((await message(ok)).result?.isError).toBeFalsy();
  });

  it("fuzz (fixed seed, 3,000 bodies): no 5xx, no INTERNAL, no library text, one audit row per tools/call, chain verifies", async () => {
    const bad = fc.constantFrom("\u0000", "\ud800", "\udfff", "a\u0000b", "\ud83d", "ok");
    const text = fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), bad, fc.constantFrom("job_missing", "scan_x", "https://example.com/", "http://127.0.0.1:1/"));
    const names = fc.oneof(
      fc.constantFrom("core_health", "core.health", "core_list_jobs", "core_get_job", "core_get_receipt", "core_verify_audit_log", "sitelint_get_scan", "sitelint_list_findings", "sitelint_delete_scan", "sitelint_start_scan", "nope_tool", ""),
      text,
      fc.integer(),
      fc.constant(null),
    );
    const args = fc.oneof(fc.dictionary(fc.constantFrom("job_id", "scan_id", "receipt_id", "url", "limit", "name", "confirmation_token", "x"), fc.oneof(text, fc.integer(), fc.boolean(), fc.jsonValue({ maxDepth: 2 }))), fc.jsonValue({ maxDepth: 2 }));
    const params = fc.oneof(fc.record({ name: names, arguments: args }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 2 }));
    const method = fc.oneof(fc.constantFrom("tools/call", "tools/call", "tools/call", "tools/list", "initialize", "ping", "resources/list", "nope"), text);
    const id = fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant(null), fc.constant({}));
    const wellFormed = fc.record({ jsonrpc: fc.constant("2.0"), id: fc.integer({ min: 1 }), method: fc.constantFrom("tools/call", "tools/call", "tools/list", "initialize"), params });
    const anyEnvelope = fc.record({ jsonrpc: fc.constantFrom("2.0", "1.0"), id, method, params }, { requiredKeys: ["method"] });
    const message = fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 2, arbitrary: anyEnvelope });
    const body = fc.oneof(
      { weight: 6, arbitrary: message.map((m) => JSON.stringify(m)) },
      { weight: 1, arbitrary: fc.array(message, { maxLength: 3 }).map((a) => JSON.stringify(a)) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
      { weight: 1, arbitrary: message.map((m) => JSON.stringify(m).slice(0, 20)) },
    );
    const bodies = fc.sample(body, { seed: 20261201, numRuns: 3_000 });

    const callsIn = (b: string): number => {
      let v: unknown;
      try {
        v = JSON.parse(b);
      } catch {
        return 0;
      }
      const isCall = (m: unknown) => !!m && typeof m === "object" && !Array.isArray(m) && (m as { method?: unknown }).method === "tools/call";
      return Array.isArray(v) ? v.filter(isCall).length : isCall(v) ? 1 : 0;
    };
    const before = await auditCount();
    let expected = 0;
    const statuses = new Map<number, number>();
    for (const b of bodies) {
      expected += callsIn(b);
      const res = await post(b);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const out = await res.text();
      expect(res.status, b).toBeLessThan(500);
      expect(out, b).not.toMatch(/"code":\s*"INTERNAL"|-32603|Failed query|ZodError|at [\w.]+ \(/);
    }
    const rows = (await auditCount()) - before;
    console.info(`fuzz: ${bodies.length} bodies, ${expected} tools/call, ${rows} audit rows, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(expected).toBeGreaterThan(800);
    expect(rows).toBe(expected);
    expect(await verifyAuditLog(await getDb())).toMatchObject({ ok: true });
  }, 300_000);
});
