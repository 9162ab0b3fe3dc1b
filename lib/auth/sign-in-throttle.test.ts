import { and, desc, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLogs } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { getAuthOptions } from "./auth-options";
import { clientAddress, recordSignInFailure, recordSignInSuccess, SIGN_IN_LIMITS, signInKeys, signInLockedFor } from "./sign-in-throttle";

type Authorize = (creds: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ name: string } | null>;
const authorize: Authorize = (creds, req) =>
  (getAuthOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize(creds, req);
const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

beforeEach(() => {
  process.env.OPERATOR_USERNAME = "admin";
  process.env.OPERATOR_PASSWORD = "the-right-password-123";
  resetEnvForTests();
});
afterEach(() => {
  delete process.env.OPERATOR_PASSWORD;
  resetEnvForTests();
});

describe("operator sign-in throttling", () => {
  it("30 wrong passwords lock the account: the right password is then refused with a clear, timed message; every attempt is audited", async () => {
    const db = await getDb();
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      outcomes.push(await authorize({ username: "admin", password: `wrong-${i}` }, from("198.51.100.7")).then((u) => (u ? "ok" : "denied"), (e: Error) => e.message));
    }
    expect(outcomes.slice(0, 4)).toEqual(["denied", "denied", "denied", "denied"]);
    expect(outcomes[4]).toMatch(/^TooManyAttempts:(2\d|30)$/); // the 5th failure starts a 30 s lock
    expect(outcomes.slice(5).every((o) => o.startsWith("TooManyAttempts:"))).toBe(true);
    await expect(authorize({ username: "admin", password: "the-right-password-123" }, from("198.51.100.7"))).rejects.toThrow(/^TooManyAttempts:\d+$/);
    // Another address: the account lock still holds.
    await expect(authorize({ username: "admin", password: "the-right-password-123" }, from("203.0.113.9"))).rejects.toThrow(/^TooManyAttempts:/);

    const rows = await db.select().from(auditLogs).where(and(eq(auditLogs.tool, "auth_sign_in"), eq(auditLogs.principal, "admin"))).orderBy(desc(auditLogs.seq));
    expect(rows).toHaveLength(32);
    expect(rows.filter((r) => r.decision === "denied_credentials")).toHaveLength(5);
    expect(rows.filter((r) => r.decision === "locked_out")).toHaveLength(27);
    expect(rows[0]).toMatchObject({ module: "auth", status: "error", errorCode: "RATE_LIMITED" });
    expect(JSON.stringify(rows)).not.toContain("the-right-password");
  });

  it("backs off exponentially, expires, and a success clears the counters", async () => {
    const db = await getDb();
    const keys = signInKeys("bob", "192.0.2.1");
    const t0 = new Date("2026-12-01T10:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMITS.accountFailures - 1; i++) expect(await recordSignInFailure(db, keys, t0)).toBeNull();
    expect(await recordSignInFailure(db, keys, t0)).toBe(30);
    expect(await recordSignInFailure(db, keys, t0)).toBe(60);
    expect(await recordSignInFailure(db, keys, t0)).toBe(120);
    expect(await signInLockedFor(db, keys, new Date(t0.getTime() + 119_000))).toBe(1);
    expect(await signInLockedFor(db, keys, new Date(t0.getTime() + 121_000))).toBeNull();
    for (let i = 0; i < 20; i++) await recordSignInFailure(db, keys, t0);
    expect(await signInLockedFor(db, keys, t0)).toBe(SIGN_IN_LIMITS.maxLockSeconds);
    // An hour after the last failure the count starts again from one.
    const later = new Date(t0.getTime() + (SIGN_IN_LIMITS.windowSeconds + 1) * 1000);
    expect(await recordSignInFailure(db, keys, later)).toBeNull();
    await recordSignInSuccess(db, keys);
    expect(await signInLockedFor(db, keys, later)).toBeNull();
  });

  it("locks a client address that fails across many accounts", async () => {
    process.env.OPERATOR_USERNAME = "carol";
    resetEnvForTests();
    for (let i = 0; i < SIGN_IN_LIMITS.addressFailures; i++) await authorize({ username: `user${i}`, password: "x" }, from("192.0.2.99")).catch(() => null);
    await expect(authorize({ username: "carol", password: "the-right-password-123" }, from("192.0.2.99"))).rejects.toThrow(/^TooManyAttempts:/);
    expect(await authorize({ username: "carol", password: "the-right-password-123" }, from("192.0.2.100"))).toMatchObject({ name: "carol" });
  });

  it("takes the client address from the right-most X-Forwarded-For entry", () => {
    expect(clientAddress({ "x-forwarded-for": "10.0.0.1, 203.0.113.5" })).toBe("203.0.113.5");
    expect(clientAddress({ "x-forwarded-for": "::ffff:127.0.0.1" })).toBe("127.0.0.1");
    expect(clientAddress({})).toBeNull();
  });
});
