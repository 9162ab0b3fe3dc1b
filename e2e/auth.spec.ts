import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { isolatedApp, startApp } from "./support/app-server";
import { callOk, connectMcp } from "./support/mcp";
import { signInAsOperator } from "./support/operator";

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e-raw", version: "1.0.0" } },
};

/** A raw MCP `initialize` POST (what a browser page or a keyless client would send). */
function initialize(baseUrl: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/mcp`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(INITIALIZE),
  });
}

test("the MCP endpoint refuses a foreign Origin (DNS rebinding) and accepts loopback origins", async () => {
  const base = process.env.OA_BASE_URL!;
  const evil = await initialize(base, { origin: "https://evil.example" });
  expect(evil.status).toBe(403);
  expect(await evil.json()).toMatchObject({ jsonrpc: "2.0", error: { message: expect.stringMatching(/Origin/) } });
  const local = await initialize(base, { origin: "http://localhost:6274" });
  expect(local.status).toBe(200);
  await local.body?.cancel();
});

test("operator-only routes answer 401 without a session", async () => {
  const base = process.env.OA_BASE_URL!;
  const state = await fetch(`${base}/ui/state`);
  expect(state.status).toBe(401);
  expect((await state.json()).error.code).toBe("UNAUTHORIZED");
  expect((await fetch(`${base}/ui/state`, { headers: { authorization: `Bearer oa_${"x".repeat(43)}` } })).status).toBe(401);
  expect((await fetch(`${base}/api/objects/sha256/${"a".repeat(64)}`)).status).toBe(401);
  expect((await fetch(`${base}/api/healthz`)).status).toBe(200); // health checks stay public
});

test("MCP_AUTH_MODE=api_key: a key created in the console works with the SDK client until it is revoked", async ({ page }) => {
  test.setTimeout(240_000);
  const { dataDir, env } = await isolatedApp("apikey", { MCP_AUTH_MODE: "api_key" });
  const app = await startApp({ dataDir, env });
  try {
    const anonymous = await initialize(app.baseUrl);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="omniaudit"');
    expect((await anonymous.json()).error.message).toMatch(/\/settings/);
    await expect(connectMcp(app.baseUrl)).rejects.toThrow();

    await signInAsOperator(page, app.baseUrl, { callbackUrl: "/settings" });
    await expect(page).toHaveURL(/\/settings$/);
    const form = page.getByTestId("create-api-key-form");
    await form.getByLabel("Name").fill("e2e sdk client");
    await form.getByLabel("Owner (principal)").fill("e2e-client");
    await form.getByLabel("Scope").selectOption("mcp");
    await page.getByTestId("create-api-key").click();
    const key = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
    expect(key).toMatch(/^oa_[A-Za-z0-9_-]{43}$/);
    const row = page.locator('[data-testid="api-key-row"][data-key-name="e2e sdk client"]');
    await expect(row).toContainText(key.slice(0, 10));
    await expect(row).toContainText("active");
    await expect(page.getByTestId("api-keys-table")).not.toContainText(key); // only the prefix is listed

    const client = await connectMcp(app.baseUrl, "/mcp", { headers: { authorization: `Bearer ${key}` } });
    const health = await callOk<{ status: string; version: string }>(client, "core_health");
    expect(health.version).toBeTruthy();
    await client.close();

    await row.getByTestId("revoke-api-key").click();
    await expect(row).not.toContainText("active");
    await expect(row.getByTestId("revoke-api-key")).toHaveCount(0);
    const revoked = await initialize(app.baseUrl, { authorization: `Bearer ${key}` });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("www-authenticate")).toMatch(/^Bearer realm="omniaudit"/);
    await expect(connectMcp(app.baseUrl, "/mcp", { headers: { authorization: `Bearer ${key}` } })).rejects.toThrow();

    // The kill switch on the same page: disable writes with a reason, then enable them again.
    await expect(page.getByTestId("kill-switch-state")).toHaveText("enabled");
    await page.getByLabel("Reason").fill("e2e maintenance window");
    await page.getByTestId("kill-switch-toggle").click();
    await expect(page.getByTestId("kill-switch-state")).toHaveText("disabled");
    await expect(page.getByText("e2e maintenance window")).toBeVisible();
    await page.getByTestId("kill-switch-toggle").click();
    await expect(page.getByTestId("kill-switch-state")).toHaveText("enabled");
  } finally {
    await app.stop("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
