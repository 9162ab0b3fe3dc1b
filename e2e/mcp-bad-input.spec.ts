import { expect, test } from "@playwright/test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { callOk, connectMcp } from "./support/mcp";

const base = () => process.env.OA_BASE_URL!;
type ErrResult = { isError?: boolean; content: { type: string; text: string }[]; _meta?: Record<string, { code: string }> };

test.describe("bad input gets a clear error, no 5xx, nothing written", () => {
  let client: Client;
  test.beforeAll(async () => {
    client = await connectMcp(base());
  });
  test.afterAll(async () => client?.close());

  const jobCount = async () => (await callOk<{ jobs: unknown[] }>(client, "core_list_jobs", { limit: 100 })).jobs.length;

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["invalid URL", { url: "not a url" }, "VALIDATION_ERROR", /valid absolute URL/],
    ["unsupported scheme", { url: "ftp://127.0.0.1/file" }, "VALIDATION_ERROR", /scheme ftp/],
    ["denied host (link-local metadata address)", { url: "http://169.254.169.254/latest/meta-data" }, "URL_NOT_ALLOWED", /169\.254\.169\.254 is not allowed: it is not on the URL allowlist/],
    ["denylisted host", { url: "http://127.0.0.2:8080/" }, "URL_NOT_ALLOWED", /denylist \(SITELINT_URL_DENYLIST\)/],
    ["denied host (private range)", { url: "http://10.0.0.1/" }, "URL_NOT_ALLOWED", /SITELINT_URL_ALLOWLIST/],
    ["budget out of range", { url: "http://127.0.0.1:1/", crawl_budget: 501 }, "VALIDATION_ERROR", /crawl_budget/],
    ["budget zero", { url: "http://127.0.0.1:1/", crawl_budget: 0 }, "VALIDATION_ERROR", /crawl_budget/],
    ["unknown field", { url: "http://127.0.0.1:1/", depth: 3 }, "VALIDATION_ERROR", /depth/],
    ["bad profile", { url: "http://127.0.0.1:1/", profile: "extreme" }, "VALIDATION_ERROR", /profile/],
  ];
  for (const [name, args, code, message] of cases) {
    test(`sitelint_start_scan: ${name}`, async () => {
      const before = await jobCount();
      const r = (await client.callTool({ name: "sitelint_start_scan", arguments: args })) as ErrResult;
      expect(r.isError).toBe(true);
      expect(r._meta?.["omniaudit/error"]?.code).toBe(code);
      expect(r.content[0]!.text).toMatch(new RegExp(`^Error ${code}: `));
      expect(r.content[0]!.text).toMatch(message);
      expect(await jobCount()).toBe(before);
    });
  }

  test("unknown tool is a JSON-RPC invalid-params error naming the tool", async () => {
    await expect(client.callTool({ name: "sitelint_nuke_everything", arguments: {} })).rejects.toThrow(/Unknown tool "sitelint_nuke_everything"/);
  });

  test("get_job of a missing job is NOT_FOUND, not a crash", async () => {
    const r = (await client.callTool({ name: "core_get_job", arguments: { job_id: "job_missing" } })) as ErrResult;
    expect(r.isError).toBe(true);
    expect(r._meta?.["omniaudit/error"]?.code).toBe("NOT_FOUND");
  });

  test("malformed JSON-RPC answers 4xx with a JSON-RPC error", async () => {
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const bad = await fetch(`${base()}/mcp`, { method: "POST", headers, body: "{not json" });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(await bad.text()).toMatch(/Parse error|-32700/i);
    const wrong = await fetch(`${base()}/mcp`, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: 42 }) });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.status).toBeLessThan(500);
  });
});
