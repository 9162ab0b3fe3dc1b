import http from "node:http";
import { expect, test } from "@playwright/test";
import { E2E_OPERATOR } from "./support/operator";
import { freePort, isolatedApp, startApp } from "./support/app-server";

/** A GET with an exact `Host` header (fetch always sends the URL's host). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += String(d)));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

/** One next-auth credentials sign-in over HTTP (CSRF token + cookie, as the sign-in form does); returns the error code. */
async function signInOverHttp(baseUrl: string, password: string): Promise<string | null> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-auth-return-redirect": "1" },
    body: new URLSearchParams({ csrfToken, username: E2E_OPERATOR.username, password, json: "true" }),
  });
  const { url } = (await res.json()) as { url: string };
  return new URL(url).searchParams.get("error");
}

test("the built app refuses a foreign Host on every route (DNS rebinding), keeps /api/healthz open, caps MCP bodies, and answers /api/inngest clearly", async () => {
  const base = process.env.OA_BASE_URL!;
  const { port } = new URL(base);
  for (const path of ["/ui/state", "/", "/signin", "/mcp", "/api/objects/sha256/" + "0".repeat(64), "/metrics"]) {
    const res = await getWithHost(`${base}${path}`, `evil.example:${port}`);
    expect(res.status, path).toBe(403);
    expect(res.body, path).toMatch(/Host .*evil\.example.* is not allowed/);
  }
  expect((await getWithHost(`${base}/api/healthz`, "10.1.2.3")).status).toBe(200);
  expect((await getWithHost(`${base}/ui/state`, `localhost:${port}`)).status).toBe(401); // allowed host, no session

  // 20 MB of valid JSON: refused with 413 after MCP_MAX_BODY_BYTES, never parsed.
  const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(20 * 1024 * 1024) } });
  const started = Date.now();
  const res = await fetch(`${base}/mcp`, { method: "POST", headers: MCP_HEADERS, body: big });
  expect(res.status).toBe(413);
  expect((await res.json()).error.message).toMatch(/MCP_MAX_BODY_BYTES/);
  console.info(`20 MB body refused in ${Date.now() - started} ms`);

  const inngest = await fetch(`${base}/api/inngest`);
  expect(inngest.status).toBe(404);
  expect((await inngest.json()).error).toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/Inngest is not configured/) });
});

test("a misspelt setting stops start-up, naming the variable and the accepted forms", async () => {
  const { dataDir, env } = await isolatedApp("badenv", { CONFIRMATION_APPROVAL_RULES: "sitelint_delete_scan=operater" });
  await expect(startApp({ dataDir, env, timeoutMs: 45_000 })).rejects.toThrow(/exited with 1[\s\S]*CONFIRMATION_APPROVAL_RULES: entry "sitelint_delete_scan=operater": the mode must be operator, token or elicitation[\s\S]*accepted form/);
});

test("on PORT=<p> beyond loopback with auth none: a start-up warning, next-auth URLs on that port, and sign-in lockout after repeated failures", async ({ page }) => {
  test.setTimeout(180_000);
  const port = await freePort();
  const { dataDir, env } = await isolatedApp("hardening", { PORT: String(port) });
  const app = await startApp({ dataDir, env, port, host: "0.0.0.0" });
  try {
    expect(app.logs.join("")).toMatch(/MCP_AUTH_MODE=none while the server is reachable beyond loopback/);
    const providers = await (await fetch(`${app.baseUrl}/api/auth/providers`)).json();
    expect(providers.credentials.callbackUrl).toBe(`http://localhost:${port}/api/auth/callback/credentials`);
    const csrf = await fetch(`${app.baseUrl}/api/auth/csrf`);
    expect(csrf.headers.getSetCookie().find((c) => c.startsWith("next-auth.callback-url="))).toContain(encodeURIComponent(`http://localhost:${port}`));

    const errors: (string | null)[] = [];
    for (let i = 0; i < 30; i++) errors.push(await signInOverHttp(app.baseUrl, `wrong-password-${i}`));
    expect(errors.slice(0, 4)).toEqual(["CredentialsSignin", "CredentialsSignin", "CredentialsSignin", "CredentialsSignin"]);
    expect(errors.slice(4).every((e) => /^TooManyAttempts:\d+$/.test(e ?? ""))).toBe(true);

    // Now the right password, through the real sign-in page: refused, with a message that says why and for how long.
    await page.goto(`${app.baseUrl}/signin`);
    await page.getByLabel("Username").fill(E2E_OPERATOR.username);
    await page.getByLabel("Password").fill(E2E_OPERATOR.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("signin-error")).toContainText(/Too many failed sign-ins: this account or address is locked for \d+ (seconds|minutes)/);
    expect(new URL(page.url()).pathname).toBe("/signin");
  } finally {
    await app.stop();
  }
});

test("started on loopback only, the server does not warn about auth none", async () => {
  const { dataDir, env } = await isolatedApp("loopback", {});
  const app = await startApp({ dataDir, env });
  try {
    await new Promise((r) => setTimeout(r, 500));
    expect(app.logs.join("")).not.toMatch(/MCP_AUTH_MODE=none while/);
  } finally {
    await app.stop();
  }
});
