import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { startApp, type AppServer } from "./support/app-server";
import { CORPUS_MISSING } from "./support/corpus";
import { callOk } from "./support/mcp";

const site = () => process.env.OA_SITE_ORIGIN!;

/**
 * What the user of a 2025-11-25 client sees in the chat, with the official SDK v1 client on the built app: narration
 * (log + progress notifications) while a real scan runs, and in-chat approval of a write by form elicitation.
 */
test.describe("in the chat: narration of a scan and approval by elicitation (SDK v1 client, 2025-11-25)", () => {
  let app: AppServer;
  let dataDir: string;
  test.beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-chat-"));
    const env: Record<string, string> = { CONFIRMATION_APPROVAL_MODE: "elicitation", JOB_LEASE_MS: "4000" };
    if (process.env.OMNIAUDIT_E2E_DATABASE_URL) env.DATABASE_URL = process.env.OMNIAUDIT_E2E_DATABASE_URL;
    app = await startApp({ dataDir, env });
  });
  test.afterAll(async () => {
    await app?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function connect(answer?: "accept" | "decline") {
    const client = new Client({ name: "omniaudit-e2e-chat", version: "1.0.0" }, { capabilities: answer ? { elicitation: { form: {} } } : {} });
    const asked: string[] = [];
    if (answer) {
      client.setRequestHandler(ElicitRequestSchema, async (req) => {
        asked.push(req.params.message);
        return answer === "accept" ? { action: "accept", content: { approve: true } } : { action: "decline" };
      });
    }
    await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", app.baseUrl)));
    return { client, asked };
  }

  test("a scan narrated: log lines say what happens and what next, progress rises to the page count", async () => {
    test.skip(!site(), CORPUS_MISSING);
    const { client } = await connect();
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push((n.params.data as { message: string }).message));
    await client.setLoggingLevel("info");
    const job = await callOk<{ job_id: string; scan_id: string }>(client, "sitelint_start_scan", { url: `${site()}/a11y/a11y_tester.html`, entry_paths: ["/seo/seo-tester.html"], crawl_budget: 2 });
    const progress: number[] = [];
    let final: Record<string, unknown> = {};
    for (let i = 0; i < 6 && final.status !== "succeeded"; i++) {
      const r = await client.callTool({ name: "core_get_job", arguments: { job_id: job.job_id, wait_ms: 50_000 } }, undefined, { onprogress: (p) => void progress.push(p.progress), timeout: 60_000 });
      final = r.structuredContent as Record<string, unknown>;
    }
    expect(final.status, JSON.stringify(final)).toBe("succeeded");
    expect(logs.some((m) => m.startsWith("Running"))).toBe(true);
    expect(logs.at(-1)).toContain(`sitelint_get_scan { scan_id: "${job.scan_id}" }`);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(2);
    await client.close();
  });

  test("a write approved in the chat runs once; declined, it changes nothing; without the capability it waits for an operator", async () => {
    test.skip(!site(), CORPUS_MISSING);
    const { client: reader } = await connect();
    const scan = await callOk<{ job_id: string; scan_id: string }>(reader, "sitelint_start_scan", { url: `${site()}/a11y/a11y_tester.html`, crawl_budget: 1 });
    await reader.callTool({ name: "core_get_job", arguments: { job_id: scan.job_id, wait_ms: 50_000 } }, undefined, { timeout: 60_000 });

    const fallback = await callOk<{ status: string; approval: string }>(reader, "sitelint_delete_scan", { scan_id: scan.scan_id });
    expect(fallback).toMatchObject({ status: "confirmation_required", approval: "operator" });

    const declining = await connect("decline");
    const declined = await declining.client.callTool({ name: "sitelint_delete_scan", arguments: { scan_id: scan.scan_id } });
    expect(declined.isError).toBe(true);
    expect(JSON.stringify(declined.content)).toContain("CONFIRMATION_DECLINED");
    expect(declining.asked[0]).toContain(scan.scan_id);
    expect((await reader.callTool({ name: "sitelint_get_scan", arguments: { scan_id: scan.scan_id } })).isError).toBeFalsy();

    const approving = await connect("accept");
    const deleted = await callOk<{ receipt_id: string }>(approving.client, "sitelint_delete_scan", { scan_id: scan.scan_id });
    expect(deleted.receipt_id).toMatch(/^rcpt_/);
    expect(approving.asked).toHaveLength(1);
    expect(approving.asked[0]).toMatch(/^Approve this change\?/);
    expect((await reader.callTool({ name: "sitelint_get_scan", arguments: { scan_id: scan.scan_id } })).isError).toBe(true);
    const receipt = await callOk<{ status: string }>(reader, "core_get_receipt", { receipt_id: deleted.receipt_id });
    expect(receipt.status).toBe("succeeded");
    for (const c of [reader, declining.client, approving.client]) await c.close();
  });
});
