// The tasks extension (io.modelcontextprotocol/tasks) over a real 2026-07-28 exchange: raw JSON-RPC through the SDK's
// own createMcpHandler, shaped like the conformance suite's stateless connection (src/connection/stateless.ts: the
// `_meta` envelope, MCP-Protocol-Version / Mcp-Method / Mcp-Name headers), real SiteLint scans on a local site run by
// the in-process job runner.
import os from "node:os";
import { and, eq } from "drizzle-orm";
import { createMcpHandler } from "@modelcontextprotocol/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { auditLogs, jobs, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { activeLocalJobs } from "@/lib/jobs/run-local-job";
import { closeSharedBrowser } from "@/lib/modules/sitelint/shared-browser";
import { withRequestContext } from "@/lib/observability/request-context";
import { CANCEL_TASK_AUDIT_TOOL, TASKS_EXTENSION } from "./mcp-tasks";
import { buildMcpServer } from "./register-mcp";

const VERSION = "2026-07-28";
const WITH_TASKS = { extensions: { [TASKS_EXTENSION]: {} } };
const PAGES = 8;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
type Rpc = { status: number; result?: Json; error?: { code: number; message: string; data?: Json } };

/** The product's own factory (lib/tools/register-mcp.ts), one server per 2026-07-28 request. */
const mcp = createMcpHandler(() => buildMcpServer({ era: "modern", sessionful: false }), { legacy: "reject" });

let nextId = 1;
/** A stateless 2026-07-28 request with the conformance suite's headers and envelope; JSON or SSE answer. */
async function rpc(method: string, params: Json, o: { principal?: string; caps?: Json; headers?: Record<string, string> } = {}): Promise<Rpc> {
  const id = nextId++;
  const name = method === "tools/call" ? params.name : ["tasks/get", "tasks/update", "tasks/cancel"].includes(method) ? params.taskId : undefined;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": VERSION, "mcp-method": method, ...(name ? { "mcp-name": name } : {}), ...o.headers };
  const _meta = { "io.modelcontextprotocol/protocolVersion": VERSION, "io.modelcontextprotocol/clientInfo": { name: "tasks-test-client", version: "1.0.0" }, "io.modelcontextprotocol/clientCapabilities": o.caps ?? WITH_TASKS };
  const req = new Request("http://127.0.0.1/api/mcp", { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id, method, params: { ...params, _meta } }) });
  const res = await withRequestContext({ requestId: `r-${id}`, principal: o.principal ?? "alice" }, () => mcp.fetch(req));
  const body = await res.text();
  const messages = res.headers.get("content-type")?.includes("text/event-stream")
    ? body.split("\n").filter((l) => l.startsWith("data:")).map((l) => JSON.parse(l.slice(5)) as Json)
    : [JSON.parse(body) as Json];
  const answer = messages.find((m) => m.id === id)!;
  return { status: res.status, result: answer.result, error: answer.error };
}
async function ok(method: string, params: Json, o?: Parameters<typeof rpc>[2]): Promise<Json> {
  const r = await rpc(method, params, o);
  expect(r.error, JSON.stringify(r.error)).toBeUndefined();
  return r.result!;
}
const startScan = (url: string, budget: number, o?: Parameters<typeof rpc>[2]) =>
  ok("tools/call", { name: "sitelint_start_scan", arguments: { url, profile: "quick", viewport_set: "desktop", crawl_budget: budget } }, o);
async function pollTask(taskId: string, until: (t: Json) => boolean, o?: Parameters<typeof rpc>[2]): Promise<Json> {
  const end = Date.now() + 60_000;
  for (;;) {
    const t = await ok("tasks/get", { taskId }, o);
    if (until(t)) return t;
    if (Date.now() > end) throw new Error(`task ${taskId} stuck: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const terminal = (t: Json) => ["completed", "failed", "cancelled"].includes(t.status);
const isoMs = (s: unknown) => (typeof s === "string" && /^\d{4}-\d\d-\d\dT/.test(s) ? Date.parse(s) : NaN);

describe("MCP tasks extension over 2026-07-28", () => {
  let site: StaticServer;
  let closed: string;
  let broken: StaticServer | undefined;
  beforeAll(async () => {
    Object.assign(process.env, { SITELINT_URL_ALLOWLIST: "127.0.0.1", SITELINT_CONCURRENCY: "1", SITELINT_PAGE_TIMEOUT_MS: "3000", RATE_LIMITS: "scan_submissions=100/60" });
    resetEnvForTests();
    const page = (n: number) => `<!doctype html><html lang="en"><head><title>P${n}</title></head><body><main><h1>P${n}</h1><a href="/p${n + 1}.html">next</a></main></body></html>`;
    const routes: Record<string, { body: string; delayMs?: number; headers?: Record<string, string> }> = { "/robots.txt": { body: "User-agent: *\nAllow: /\n", headers: { "content-type": "text/plain" } } };
    for (let n = 1; n <= PAGES; n++) routes[`/p${n}.html`] = { body: page(n), delayMs: n === 1 ? 0 : 400 };
    site = await startStaticServer({ root: os.tmpdir(), routes });
    // A site whose robots.txt answers 404 (no rules) and whose only page refuses the crawler (403): the job fails after
    // it started (an unreachable robots.txt would fail it before tools/call returns: a complete result, not a task).
    const gone = await startStaticServer({ root: os.tmpdir(), routes: { "/robots.txt": { status: 404, body: "" }, "/": { status: 403, body: "no" } } });
    broken = gone;
    closed = gone.url("/");
  });
  afterAll(async () => {
    await mcp.close();
    await closeSharedBrowser();
    await site?.close();
    await broken?.close();
    for (const k of ["SITELINT_CONCURRENCY", "SITELINT_PAGE_TIMEOUT_MS", "RATE_LIMITS"]) delete process.env[k];
    resetEnvForTests();
  });

  it("server/discover advertises the extension under capabilities.extensions (no v1 capabilities.tasks); the v1-only methods stay -32601", async () => {
    const d = await ok("server/discover", {});
    expect(d.capabilities.extensions).toEqual({ [TASKS_EXTENSION]: {} });
    expect(d.capabilities.tasks).toBeUndefined();
    expect((await rpc("tasks/result", { taskId: "tasks-conformance-isolation-probe" })).error?.code).toBe(-32601);
    expect((await rpc("tasks/list", {})).error?.code).toBe(-32601);
  });

  it("a task-augmented scan: CreateTaskResult once the job exists, polled to completed with the tool's own result", async () => {
    const created = await startScan(site.url(`/p${PAGES - 1}.html`), 2);
    expect(created).toMatchObject({ resultType: "task", status: "working", ttlMs: null, pollIntervalMs: 2000 });
    expect(created.taskId).toMatch(/^job_/);
    for (const k of ["result", "error", "inputRequests", "task", "ttl", "pollInterval", "structuredContent"]) expect(created, k).not.toHaveProperty(k);
    expect(isoMs(created.createdAt)).toBeLessThanOrEqual(isoMs(created.lastUpdatedAt));
    // Durable: tasks/get resolves immediately, with matched routing headers.
    const first = await ok("tasks/get", { taskId: created.taskId }, { headers: { "mcp-method": "tasks/get", "mcp-name": created.taskId } });
    expect(first).toMatchObject({ resultType: "complete", taskId: created.taskId, createdAt: created.createdAt });

    const done = await pollTask(created.taskId, terminal);
    expect(done).toMatchObject({ resultType: "complete", taskId: created.taskId, status: "completed", ttlMs: null, pollIntervalMs: 2000 });
    expect(isoMs(done.lastUpdatedAt)).toBeGreaterThanOrEqual(isoMs(done.createdAt));
    const r = done.result;
    expect(r.resultType).toBe("complete");
    expect(r.isError).toBeFalsy();
    const [job] = await (await getDb()).select().from(jobs).where(eq(jobs.id, created.taskId));
    // The start_scan output (its outputSchema: JobRef + scan_id), now with the finished job.
    expect(r.structuredContent).toMatchObject({ job_id: created.taskId, module: "sitelint", status: "succeeded", progress: 1, scan_id: job!.subjectId });
    expect(Object.keys(r.structuredContent).sort()).toEqual(["created_at", "error", "finished_at", "job_id", "module", "progress", "progress_detail", "scan_id", "started_at", "status"]);
    expect(JSON.parse(r.content[0].text)).toEqual(r.structuredContent);
    expect(r.content[1].text).toMatch(/^Job result:/);
    expect(JSON.parse(r.content[1].text.replace(/^Job result:\n/, ""))).toMatchObject({ status: "succeeded", pages_ok: 2 });
    expect(r._meta?.["io.modelcontextprotocol/related-task"]).toBeUndefined();
  });

  it("a client that does not declare the extension gets today's synchronous JobRef", async () => {
    const r = await startScan(site.url(`/p${PAGES}.html`), 1, { caps: {} });
    expect(r.resultType).toBe("complete");
    expect(r).not.toHaveProperty("taskId");
    expect(r.structuredContent).toMatchObject({ status: "queued", module: "sitelint" });
    expect(r.structuredContent.job_id).toMatch(/^job_/);
  });

  it("tasks/cancel really stops the scan: empty ack, status cancelled, the runner lets go, audited as core_cancel_task", async () => {
    const created = await startScan(site.url("/p1.html"), PAGES);
    const working = await pollTask(created.taskId, (t) => t.status !== "working" || /audited/.test(t.statusMessage ?? ""));
    expect(working.status).toBe("working");
    expect(working.statusMessage).toMatch(/^audited \/p1\.html \(1\/\d+\)$/);
    const ack = await ok("tasks/cancel", { taskId: created.taskId });
    expect(ack.resultType).toBe("complete");
    expect(Object.keys(ack).filter((k) => k !== "_meta")).toEqual(["resultType"]);

    const t = await ok("tasks/get", { taskId: created.taskId });
    expect(t).toMatchObject({ status: "cancelled", statusMessage: expect.stringMatching(/Cancelled by alice \(tasks\/cancel\)/) });
    expect(t).not.toHaveProperty("result");
    const db = await getDb();
    const end = Date.now() + 30_000;
    while (activeLocalJobs().includes(created.taskId) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(activeLocalJobs()).not.toContain(created.taskId);
    const [job] = await db.select().from(jobs).where(eq(jobs.id, created.taskId));
    expect(job).toMatchObject({ status: "cancelled", leaseOwner: null });
    const pages = await db.select().from(scanPages).where(eq(scanPages.scanId, job!.subjectId!));
    expect(pages.length).toBeLessThanOrEqual(2);
    expect((await db.select().from(scans).where(eq(scans.id, job!.subjectId!)))[0]?.status).toBe("cancelled");
    const audit = await db.select().from(auditLogs).where(and(eq(auditLogs.tool, CANCEL_TASK_AUDIT_TOOL), eq(auditLogs.decision, "cancelled")));
    expect(audit.map((a) => [a.principal, a.status])).toContainEqual(["alice", "ok"]);

    // Cancelling again (a terminal task) is the same empty ack.
    expect(await ok("tasks/cancel", { taskId: created.taskId })).toMatchObject({ resultType: "complete" });
  });

  it("a failed job is a completed task carrying an isError result with the job's code and message", async () => {
    const created = await startScan(closed, 1);
    const done = await pollTask(created.taskId, terminal);
    expect(done.status).toBe("completed");
    expect(done.result).toMatchObject({ resultType: "complete", isError: true, _meta: { "omniaudit/error": { code: "UPSTREAM_ERROR" } } });
    expect(done.result.content[0].text).toMatch(/^Error UPSTREAM_ERROR: No page of the site could be audited/);
    expect(done).not.toHaveProperty("error");
    // tasks/cancel on a finished task: the same empty ack, and it stays completed.
    expect(await ok("tasks/cancel", { taskId: created.taskId })).toMatchObject({ resultType: "complete" });
    expect((await ok("tasks/get", { taskId: created.taskId })).status).toBe("completed");
  });

  it("unknown ids and other principals' tasks are -32602 'Task not found' (nothing revealed, nothing cancelled)", async () => {
    for (const [method, params] of [["tasks/get", {}], ["tasks/update", { inputResponses: {} }], ["tasks/cancel", {}]] as const) {
      const r = await rpc(method, { taskId: "tasks-conformance-nonexistent-12345", ...params });
      expect(r.error, method).toMatchObject({ code: -32602, message: expect.stringMatching(/Task not found$/) });
    }
    const created = await startScan(site.url("/p1.html"), PAGES);
    const asBob = { principal: "bob" };
    const unknown = await rpc("tasks/get", { taskId: "job_000000000000ffffffffffffffff" }, asBob);
    const foreign = await rpc("tasks/get", { taskId: created.taskId }, asBob);
    expect(foreign.error).toEqual(unknown.error);
    expect((await rpc("tasks/update", { taskId: created.taskId, inputResponses: {} }, asBob)).error?.code).toBe(-32602);
    expect((await rpc("tasks/cancel", { taskId: created.taskId }, asBob)).error).toMatchObject({ code: -32602, message: "Failed to cancel task: Task not found" });
    expect((await ok("tasks/get", { taskId: created.taskId })).status).toBe("working");
    const db = await getDb();
    const refused = await db.select().from(auditLogs).where(and(eq(auditLogs.tool, CANCEL_TASK_AUDIT_TOOL), eq(auditLogs.principal, "bob")));
    expect(refused.map((a) => [a.decision, a.status, a.errorCode])).toContainEqual(["unknown_task", "error", "NOT_FOUND"]);
    await ok("tasks/cancel", { taskId: created.taskId });
  });

  it("a request not declaring the extension gets -32021 naming it, for every task method", async () => {
    const created = await startScan(site.url(`/p${PAGES}.html`), 1);
    for (const [method, params] of [["tasks/get", {}], ["tasks/update", { inputResponses: {} }], ["tasks/cancel", {}]] as const) {
      for (const caps of [{}, { elicitation: {} }, { extensions: { "com.example/other": {} } }]) {
        const r = await rpc(method, { taskId: created.taskId, ...params }, { caps });
        expect(r.status, method).toBe(400);
        expect(r.error, `${method} ${JSON.stringify(caps)}`).toMatchObject({ code: -32021, data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } } });
      }
    }
    expect((await pollTask(created.taskId, terminal)).status).toBe("completed");
  });

  it("tasks/update is an empty ack ignoring keys that are not outstanding; a mismatched Mcp-Name is -32020", async () => {
    const created = await startScan(site.url(`/p${PAGES}.html`), 1);
    const ack = await ok("tasks/update", { taskId: created.taskId, inputResponses: { "unknown-key": { action: "accept", content: {} } } });
    expect(ack).toMatchObject({ resultType: "complete" });
    for (const k of ["taskId", "status", "result"]) expect(ack).not.toHaveProperty(k);
    const r = await rpc("tasks/get", { taskId: created.taskId }, { headers: { "mcp-name": "sep-2663-wrong-task-id" } });
    expect(r).toMatchObject({ status: 400, error: { code: -32020 } });
    expect((await pollTask(created.taskId, terminal)).status).toBe("completed");
  });
});
