import { expect, test } from "@playwright/test";
import { CORPUS_MISSING } from "./support/corpus";
import { callOk, connectMcp, waitForJob } from "./support/mcp";
import { signInAsOperator } from "./support/operator";

type Conf = { status: string; confirmation_id: string; confirmation_token: string; approval: string; approve_url: string; summary: string };
type ErrResult = { isError?: boolean; _meta?: Record<string, { code: string }> };

test("a destructive call waits for an operator's approval in the console, runs once with a receipt, and leaves a verifiable audit trail", async ({ page }) => {
  const base = process.env.OA_BASE_URL!;
  const site = process.env.OA_SITE_ORIGIN;
  test.skip(!site, CORPUS_MISSING);
  const client = await connectMcp(base);
  const { job_id, scan_id } = await callOk<{ job_id: string; scan_id: string }>(client, "sitelint_start_scan", { url: `${site}/simple-page.html`, crawl_budget: 1, profile: "quick" });
  expect((await waitForJob(client, job_id)).status).toBe("succeeded");

  const conf = await callOk<Conf>(client, "sitelint.delete_scan", { scan_id });
  expect(conf).toMatchObject({ status: "confirmation_required", approval: "operator" });
  expect(conf.summary).toContain(scan_id);
  const early = (await client.callTool({ name: "sitelint_delete_scan", arguments: { scan_id, confirmation_token: conf.confirmation_token } })) as ErrResult;
  expect(early._meta?.["omniaudit/error"]?.code).toBe("CONFIRMATION_NOT_APPROVED");
  expect((await callOk<{ status: string }>(client, "core_get_confirmation", { confirmation_id: conf.confirmation_id })).status).toBe("pending");

  // The human: signs in, reads the full arguments, approves.
  await signInAsOperator(page, base);
  await page.goto(conf.approve_url.replace(/^https?:\/\/[^/]+/, base));
  await expect(page.getByTestId("confirmation-arguments")).toContainText(scan_id);
  await page.getByTestId("approve").click();
  await expect(page.getByTestId("confirmation-status")).toHaveText("approved");
  await page.screenshot({ path: test.info().outputPath("confirmation-approved.png") });

  const done = await callOk<{ receipt_id: string; deleted_pages: number }>(client, "sitelint_delete_scan", { scan_id, confirmation_token: conf.confirmation_token });
  expect(done.deleted_pages).toBe(1);
  expect(done.receipt_id).toMatch(/^rcpt_/);
  const replay = (await client.callTool({ name: "sitelint_delete_scan", arguments: { scan_id, confirmation_token: conf.confirmation_token } })) as ErrResult;
  expect(replay._meta?.["omniaudit/error"]?.code).toBe("CONFIRMATION_ALREADY_USED");

  const receipt = await callOk<{ status: string; result_ref: string; result: { output: { scan_id: string } } }>(client, "core_get_receipt", { receipt_id: done.receipt_id });
  expect(receipt.status).toBe("succeeded");
  expect(receipt.result_ref).toMatch(/^sha256\//);
  expect(receipt.result.output.scan_id).toBe(scan_id);
  const confirmation = await callOk<{ status: string; decided_by: string }>(client, "core_get_confirmation", { confirmation_id: conf.confirmation_id });
  expect(confirmation).toMatchObject({ status: "consumed", decided_by: "admin" });

  const verified = await callOk<{ ok: boolean; checked: number }>(client, "core.verify_audit_log");
  expect(verified.ok).toBe(true);
  expect(verified.checked).toBeGreaterThan(5);

  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toMatch(/omniaudit_tool_calls_total\{tool="sitelint_delete_scan",status="ok"\} [1-9]/);
  expect(metrics).toMatch(/omniaudit_tool_calls_total\{tool="sitelint_delete_scan",status="error"\} [2-9]/);
  expect(metrics).toMatch(/omniaudit_write_gate_denied_total\{tool="sitelint_delete_scan"\} [2-9]/);
  expect(metrics).toMatch(/omniaudit_tool_latency_seconds_count\{tool="sitelint_delete_scan"\} [3-9]/);
  await client.close();
});

test("operators decide over REST: session or operator key required, once, recording who; x-request-id flows to the audit log", async ({ page }) => {
  const base = process.env.OA_BASE_URL!;
  const site = process.env.OA_SITE_ORIGIN;
  test.skip(!site, CORPUS_MISSING);
  const client = await connectMcp(base);
  const { job_id, scan_id } = await callOk<{ job_id: string; scan_id: string }>(client, "sitelint_start_scan", { url: `${site}/simple-page.html`, crawl_budget: 1, profile: "quick" });
  await waitForJob(client, job_id);
  const conf = await callOk<Conf>(client, "sitelint_delete_scan", { scan_id });

  const anonymous = await fetch(`${base}/api/confirmations/${conf.confirmation_id}/deny`, { method: "POST" });
  expect(anonymous.status).toBe(401);
  const badKey = await fetch(`${base}/api/confirmations/${conf.confirmation_id}/deny`, { method: "POST", headers: { authorization: "Bearer oa_not-a-key" } });
  expect(badKey.status).toBe(401);

  await signInAsOperator(page, base);
  const crossSite = await page.request.post(`${base}/api/confirmations/${conf.confirmation_id}/deny`, { headers: { origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);
  const denied = await page.request.post(`${base}/api/confirmations/${conf.confirmation_id}/deny`);
  expect(denied.status()).toBe(200);
  expect(await denied.json()).toMatchObject({ status: "denied", decided_by: "admin" });
  expect((await page.request.post(`${base}/api/confirmations/${conf.confirmation_id}/approve`)).status()).toBe(409);
  expect((await page.request.post(`${base}/api/confirmations/conf_000000000000ffffffffffffffff/approve`)).status()).toBe(404);
  const refused = (await client.callTool({ name: "sitelint_delete_scan", arguments: { scan_id, confirmation_token: conf.confirmation_token } })) as ErrResult;
  expect(refused._meta?.["omniaudit/error"]?.code).toBe("CONFIRMATION_DENIED");

  // A caller's request id comes back on the response and lands in the audit row of the call.
  const res = await fetch(`${base}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "x-request-id": "e2e-req-4711" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "core_health", arguments: {} } }),
  });
  expect(res.headers.get("x-request-id")).toBe("e2e-req-4711");
  // The answer may be an SSE stream whose headers come first: the call (and its audit row) is done once the body is read.
  expect(await res.text()).toContain('"structuredContent"');
  await page.goto(`${base}/audit?tool=core_health`);
  await expect(page.getByText("e2e-req-4711")).toBeVisible();
  await client.close();
});
