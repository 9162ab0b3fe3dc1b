import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { createApiKey } from "./api-keys/create-api-key";
import { getAuthOptions } from "./auth-options";
import { operatorFromRequest } from "./require-operator";
import { safeCallbackUrl } from "./safe-callback-url";

afterEach(() => {
  delete process.env.OPERATOR_USERNAME;
  resetEnvForTests();
});

async function sessionCookie(token: Record<string, unknown>): Promise<string> {
  const jwt = await encode({ token, secret: getAuthOptions().secret! });
  return `other=1; next-auth.session-token=${jwt}`;
}
const get = (headers: Record<string, string> = {}) => new Request("http://127.0.0.1:3000/ui/state", { headers });

describe("operatorFromRequest", () => {
  it("is null without credentials", async () => {
    expect(await operatorFromRequest(get())).toBeNull();
  });

  it("accepts a valid operator session cookie", async () => {
    const cookie = await sessionCookie({ name: "admin", via: "credentials" });
    expect(await operatorFromRequest(get({ cookie }))).toEqual({ name: "admin", via: "session" });
  });

  it("refuses a forged, foreign or stale session", async () => {
    const forged = await encode({ token: { name: "admin", via: "credentials" }, secret: "not-the-server-secret-at-all-0123456789" });
    expect(await operatorFromRequest(get({ cookie: `next-auth.session-token=${forged}` }))).toBeNull();
    // GitHub sign-in is not configured here, so a GitHub session does not count.
    expect(await operatorFromRequest(get({ cookie: await sessionCookie({ name: "octocat", via: "github" }) }))).toBeNull();
    expect(await operatorFromRequest(get({ cookie: await sessionCookie({ name: "admin" }) }))).toBeNull();
    // The operator username changed since the session was signed.
    const cookie = await sessionCookie({ name: "admin", via: "credentials" });
    process.env.OPERATOR_USERNAME = "root";
    resetEnvForTests();
    expect(await operatorFromRequest(get({ cookie }))).toBeNull();
  });

  it("accepts an operator-scope API key and refuses an mcp-scope one (no fallback to the cookie)", async () => {
    const db = await getDb();
    const op = await createApiKey(db, { name: "script", owner: "deploy-bot", scope: "operator", createdBy: "admin" });
    const mcp = await createApiKey(db, { name: "client", owner: "alice", scope: "mcp", createdBy: "admin" });
    expect(await operatorFromRequest(get({ authorization: `Bearer ${op.key}` }))).toEqual({ name: "deploy-bot", via: "api_key" });
    const cookie = await sessionCookie({ name: "admin", via: "credentials" });
    expect(await operatorFromRequest(get({ authorization: `Bearer ${mcp.key}`, cookie }))).toBeNull();
  });
});

describe("safeCallbackUrl", () => {
  it("keeps same-site paths and neutralises open redirects", () => {
    expect(safeCallbackUrl("/jobs/job_1?x=1#f")).toBe("/jobs/job_1?x=1#f");
    expect(safeCallbackUrl("http://localhost:3000/findings?severity=high")).toBe("/findings?severity=high");
    for (const bad of [undefined, "", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "evil.example", "/signin?callbackUrl=/x"]) {
      expect(safeCallbackUrl(bad), String(bad)).toBe("/");
    }
  });
});
