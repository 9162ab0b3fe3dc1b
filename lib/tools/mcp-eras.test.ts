import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { desc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditLogs, confirmations, jobs, scans } from "@/drizzle/schema";
import { newId } from "@/lib/ids";
import { finishJob, markJobRunning, updateJobProgress } from "@/lib/jobs/update-job";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { seedFinishedScan } from "@/lib/runtime/test-support";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import { closeAllLegacySessions, hasLegacySession } from "./mcp-sessions";
import { serveMcp } from "./serve-mcp";

const URL_ = "http://127.0.0.1:3000/mcp";
const inProcessFetch = (input: string | URL | Request, init?: RequestInit) => serveMcp(new Request(input, init));
type Answer = { action: "accept" | "decline" | "cancel"; content?: Record<string, string | number | boolean | string[]> };

/** An official v2 client on the in-process endpoint: legacy (2025-11-25, the default) or pinned to 2026-07-28. */
async function connect(o: { era: "legacy" | "modern"; answer?: (message: string) => Answer; seen?: string[] }) {
  const client = new Client(
    { name: "omniaudit-test", version: "1.0.0" },
    { capabilities: o.answer ? { elicitation: { form: {} } } : {}, ...(o.era === "modern" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {}) },
  );
  if (o.answer) {
    client.setRequestHandler("elicitation/create", async (request) => {
      const message = (request.params as { message: string }).message;
      o.seen?.push(message);
      return o.answer!(message);
    });
  }
  const transport = new StreamableHTTPClientTransport(new URL(URL_), { fetch: inProcessFetch });
  await client.connect(transport);
  return { client, transport };
}

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content?: { type: string; text?: string }[]; _meta?: Record<string, { code?: string }> };
const codeOf = (r: Result) => r._meta?.["omniaudit/error"]?.code;
const lastAudits = async (n: number) => (await (await getDb()).select().from(auditLogs).orderBy(desc(auditLogs.seq)).limit(n)).reverse();
const confirmationOf = async (id: string) => (await (await getDb()).select().from(confirmations).where(eq(confirmations.id, id)))[0]!;
const scanExists = async (id: string) => (await (await getDb()).select({ id: scans.id }).from(scans).where(eq(scans.id, id))).length === 1;

beforeAll(() => {
  process.env.CONFIRMATION_APPROVAL_RULES = "sitelint_delete_scan=elicitation";
  process.env.RATE_LIMITS = "destructive=1000/60";
  resetEnvForTests();
});
afterEach(() => closeAllLegacySessions());
afterAll(() => {
  delete process.env.CONFIRMATION_APPROVAL_RULES;
  delete process.env.RATE_LIMITS;
  resetEnvForTests();
});

describe("one endpoint, both protocol eras", () => {
  it("a 2025-11-25 client gets a session; a 2026-07-28 client is served statelessly; both list and call tools", async () => {
    const legacy = await connect({ era: "legacy" });
    expect(legacy.client.getDiscoverResult()).toBeUndefined();
    expect(legacy.transport.sessionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(hasLegacySession(legacy.transport.sessionId!)).toBe(true);
    expect(legacy.client.getServerCapabilities()).toMatchObject({ tools: {}, logging: {} });
    const modern = await connect({ era: "modern" });
    expect(modern.client.getDiscoverResult()).toBeDefined();
    expect(modern.transport.sessionId).toBeUndefined();
    for (const { client } of [legacy, modern]) {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain("sitelint_start_scan");
      const health = (await client.callTool({ name: "core_health", arguments: {} })) as Result;
      expect(health.isError).toBeFalsy();
      expect(health.structuredContent).toHaveProperty("status");
    }
    // The session ends on DELETE (MCP basic/transports §Session Management).
    const sid = legacy.transport.sessionId!;
    await legacy.transport.terminateSession();
    expect(hasLegacySession(sid)).toBe(false);
  });

  it.each(["legacy", "modern"] as const)("%s era through the endpoint: resources, resource links in tool results, prompts", async (era) => {
    const { scanId, ref } = await seedFinishedScan(await getDb(), `resources-${era}`);
    const { client } = await connect({ era });
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toContain(`omniaudit://scans/${scanId}`);
    const read = await client.readResource({ uri: `omniaudit://scans/${scanId}` });
    expect(read.contents[0]).toMatchObject({ uri: `omniaudit://scans/${scanId}`, mimeType: "application/json" });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({ scan_id: scanId, status: "succeeded" });
    const hex = ref.slice("sha256/".length);
    const png = await client.readResource({ uri: `omniaudit://objects/sha256/${hex}` });
    // The seeded "screenshot" is plain text, so it comes back as text (a real PNG is a base64 blob: mcp-resources.test.ts).
    expect(png.contents[0]).toMatchObject({ mimeType: expect.stringMatching(/^text\/plain/), text: `png-${scanId}-resources-${era}` });
    const result = (await client.callTool({ name: "sitelint_get_scan", arguments: { scan_id: scanId } })) as { content: { type: string; uri?: string }[] };
    expect(result.content.filter((c) => c.type === "resource_link").map((c) => c.uri)).toEqual(expect.arrayContaining([`omniaudit://scans/${scanId}`, `omniaudit://objects/sha256/${hex}`]));
    await expect(client.readResource({ uri: "omniaudit://scans/scan_nope" })).rejects.toMatchObject({ code: -32602 });
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(["audit_site", "triage_failing_pr", "prepare_release"]));
    const prompt = await client.getPrompt({ name: "audit_site", arguments: { url: "https://example.com/" } });
    expect(JSON.stringify(prompt.messages)).toContain("sitelint_start_scan");
    const done = await client.complete({ ref: { type: "ref/prompt", name: "audit_site" }, argument: { name: "profile", value: "st" } });
    expect(done.completion.values).toEqual(["standard"]);
  });

  it("on 2026-07-28 the removed methods (initialize, logging/setLevel) are HTTP 404 / -32601, not a params error", async () => {
    const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" }, "io.modelcontextprotocol/clientCapabilities": {} };
    for (const method of ["initialize", "logging/setLevel"]) {
      const res = await serveMcp(new Request(URL_, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": method }, body: JSON.stringify({ jsonrpc: "2.0", id: 5, method, params: { _meta: meta } }) }));
      expect(res.status, method).toBe(404);
      expect(await res.json(), method).toMatchObject({ error: { code: -32601 } });
    }
  });

  it("a session id is bound to the principal and unknown ids get 404", async () => {
    const res = await serveMcp(new Request(URL_, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": "nope", "mcp-protocol-version": "2025-11-25" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: -32001 } });
  });
});

describe("elicitation approval mode: the user approves inside the chat", () => {
  it("2025-11-25 push: accept runs the write once, in the same call; the confirmation records the user's decision", async () => {
    const { scanId } = await seedFinishedScan(await getDb(), "elicit-accept");
    const seen: string[] = [];
    const { client } = await connect({ era: "legacy", answer: () => ({ action: "accept", content: { approve: true } }), seen });
    const r = (await client.callTool({ name: "sitelint_delete_scan", arguments: { scan_id: scanId } })) as Result;
    expect(r.isError, JSON.stringify(r)).toBeFalsy();
    expect(r.structuredContent?.receipt_id).toMatch(/^rcpt_/);
    expect(await scanExists(scanId)).toBe(false);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain(scanId);
    expect(seen[0]).toMatch(/Approve this change\?/);
    const [audit] = await lastAudits(1);
    expect(audit).toMatchObject({ tool: "sitelint_delete_scan", decision: "confirmed", status: "ok" });
    const conf = await (await getDb()).select().from(confirmations).orderBy(desc(confirmations.createdAt)).limit(1);
    expect(conf[0]).toMatchObject({ approvalMode: "elicitation", status: "consumed", decidedBy: "anonymous (in chat)" });
  });

  it("2025-11-25 push: decline (or an accepted 'no') changes nothing and denies the confirmation", async () => {
    for (const answer of [{ action: "decline" as const }, { action: "accept" as const, content: { approve: false } }]) {
      const { scanId } = await seedFinishedScan(await getDb(), `elicit-decline-${answer.action}`);
      const { client } = await connect({ era: "legacy", answer: () => answer });
      const r = (await client.callTool({ name: "sitelint_delete_scan", arguments: { scan_id: scanId } })) as Result;
      expect(r.isError).toBe(true);
      expect(codeOf(r)).toBe("CONFIRMATION_DECLINED");
      expect(await scanExists(scanId)).toBe(true);
      const [audit] = await lastAudits(1);
      expect(audit).toMatchObject({ decision: "confirmation_declined", status: "error", errorCode: "CONFIRMATION_DECLINED" });
      const confId = (r._meta?.["omniaudit/error"] as { details?: { confirmation_id?: string } }).details?.confirmation_id;
      expect((await confirmationOf(confId!)).status).toBe("denied");
    }
  });

  it("a client without elicitation falls back to CONFIRMATION_ELICITATION_FALLBACK (operator): nothing runs", async () => {
    const { scanId } = await seedFinishedScan(await getDb(), "elicit-fallback");
    for (const era of ["legacy", "modern"] as const) {
      const { client } = await connect({ era });
      const r = (await client.callTool({ name: "sitelint_delete_scan", arguments: { scan_id: scanId } })) as Result;
      expect(r.structuredContent).toMatchObject({ status: "confirmation_required", approval: "operator" });
      expect(await scanExists(scanId)).toBe(true);
    }
  });

  it("2026-07-28 rounds: input_required, the client asks its user and retries; accept runs the write once", async () => {
    const { scanId } = await seedFinishedScan(await getDb(), "mrtr-accept");
    const seen: string[] = [];
    const { client } = await connect({ era: "modern", answer: () => ({ action: "accept", content: { approve: true } }), seen });
    const r = (await client.callTool({ name: "sitelint_delete_scan", arguments: { scan_id: scanId } })) as Result;
    expect(r.isError, JSON.stringify(r)).toBeFalsy();
    expect(r.structuredContent?.receipt_id).toMatch(/^rcpt_/);
    expect(await scanExists(scanId)).toBe(false);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain(scanId);
    const audits = await lastAudits(2);
    expect(audits.map((a) => a.decision)).toEqual(["confirmation_required", "confirmed"]);
    expect((await verifyAuditLog(await getDb())).ok).toBe(true);
  });

  it("2026-07-28 rounds: decline changes nothing", async () => {
    const { scanId } = await seedFinishedScan(await getDb(), "mrtr-decline");
    const { client } = await connect({ era: "modern", answer: () => ({ action: "decline" }) });
    const r = (await client.callTool({ name: "sitelint_delete_scan", arguments: { scan_id: scanId } })) as Result;
    expect(codeOf(r)).toBe("CONFIRMATION_DECLINED");
    expect(await scanExists(scanId)).toBe(true);
  });

  it("2026-07-28 rounds: a tampered, replayed or re-targeted requestState is refused and audited", async () => {
    const { scanId } = await seedFinishedScan(await getDb(), "mrtr-tamper");
    const other = await seedFinishedScan(await getDb(), "mrtr-tamper-other");
    const meta = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
      "io.modelcontextprotocol/clientCapabilities": { elicitation: { form: {} } },
    };
    let id = 0;
    const call = async (args: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const res = await serveMcp(
        new Request(URL_, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "sitelint_delete_scan" },
          body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name: "sitelint_delete_scan", arguments: args, _meta: meta, ...extra } }),
        }),
      );
      const text = await res.text();
      return JSON.parse(text.startsWith("{") ? text : /^data: (.*)$/m.exec(text)![1]!) as { result?: Record<string, unknown> & Result; error?: { code: number; message: string } };
    };
    const first = await call({ scan_id: scanId });
    expect(first.result).toMatchObject({ resultType: "input_required", inputRequests: { approve: { method: "elicitation/create" } } });
    const state = first.result!.requestState as string;
    const yes = { approve: { action: "accept", content: { approve: true } } };

    const flipped = state.slice(0, -2) + (state.at(-2) === "A" ? "B" : "A") + state.at(-1);
    const tampered = await call({ scan_id: scanId }, { requestState: flipped, inputResponses: yes });
    expect(tampered.error, JSON.stringify(tampered).slice(0, 600)).toMatchObject({ code: -32602 });
    expect(tampered.error!.message).toContain("requestState");
    expect((await lastAudits(1))[0]).toMatchObject({ decision: "confirmation_rejected", errorCode: "CONFIRMATION_STATE_INVALID" });
    expect(await scanExists(scanId)).toBe(true);

    // The state is bound to the exact arguments (through the confirmation token inside it).
    const retargeted = await call({ scan_id: other.scanId }, { requestState: state, inputResponses: yes });
    expect(codeOf(retargeted.result!)).toBe("CONFIRMATION_ARGS_MISMATCH");
    expect(await scanExists(other.scanId)).toBe(true);

    const ok = await call({ scan_id: scanId }, { requestState: state, inputResponses: yes });
    expect(ok.result?.isError, JSON.stringify(ok)).toBeFalsy();
    expect(await scanExists(scanId)).toBe(false);
    const replay = await call({ scan_id: scanId }, { requestState: state, inputResponses: yes });
    expect(codeOf(replay.result!)).toBe("CONFIRMATION_ALREADY_USED");
  });
});

describe("narration: log and progress notifications while a job runs (core_get_job wait_ms)", () => {
  /** A job that advances 0/3 → 3/3 and succeeds, on a timer, as a scan's job does page by page. */
  async function advancingJob() {
    const db = await getDb();
    const jobId = newId("job");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", subjectKind: "scan", subjectId: "scan_x" });
    void (async () => {
      await new Promise((r) => setTimeout(r, 300));
      await markJobRunning(db, jobId);
      for (let done = 1; done <= 3; done++) {
        await new Promise((r) => setTimeout(r, 700));
        await updateJobProgress(db, jobId, { done, total: 3, message: `page ${done}/3: /p${done}` });
      }
      await finishJob(db, jobId, { status: "succeeded", result: { pages: 3 } });
    })();
    return jobId;
  }

  it.each(["legacy", "modern"] as const)("%s era: the client receives log lines and increasing progress, then the final job", async (era) => {
    const { client } = await connect({ era });
    const logs: { level: string; data: { message?: string } }[] = [];
    client.setNotificationHandler("notifications/message", (n) => void logs.push(n.params as never));
    if (era === "legacy") await client.setLoggingLevel("info");
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const jobId = await advancingJob();
    const r = (await client.callTool(
      { name: "core_get_job", arguments: { job_id: jobId, wait_ms: 20_000 }, ...(era === "modern" ? { _meta: { "io.modelcontextprotocol/logLevel": "info" } } : {}) },
      { onprogress: (p) => void progress.push(p), timeout: 30_000 },
    )) as Result;
    expect(r.structuredContent).toMatchObject({ job_id: jobId, status: "succeeded", progress: 1 });
    const messages = logs.map((l) => l.data.message ?? "");
    expect(messages.some((m) => m.startsWith("Running 2/3 — page 2/3: /p2"))).toBe(true);
    expect(messages.at(-1)).toMatch(/^Done: job .* succeeded\. Next, read the results with sitelint_get_scan/);
    expect(logs.every((l) => l.level === "info")).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map((p) => p.progress)).toEqual([...progress.map((p) => p.progress)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ progress: 3, total: 3 });
  }, 60_000);

  it("a 2025-11-25 session at level warning gets no info lines; a 2026-07-28 request without logLevel gets none", async () => {
    for (const era of ["legacy", "modern"] as const) {
      const { client } = await connect({ era });
      const logs: unknown[] = [];
      client.setNotificationHandler("notifications/message", (n) => void logs.push(n.params));
      if (era === "legacy") await client.setLoggingLevel("warning");
      const jobId = await advancingJob();
      const r = (await client.callTool({ name: "core_get_job", arguments: { job_id: jobId, wait_ms: 20_000 } }, { timeout: 30_000 })) as Result;
      expect(r.structuredContent).toMatchObject({ status: "succeeded" });
      expect(logs, era).toEqual([]);
    }
  }, 60_000);
});
