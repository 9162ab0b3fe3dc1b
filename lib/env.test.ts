import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvForTests } from "./env";

const set = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  resetEnvForTests();
};
const KEYS = ["RATE_LIMITS", "CONFIRMATION_KEYS", "CONFIRMATION_APPROVAL_RULES", "SECRETS_KEYS", "MCP_ALLOWED_ORIGINS", "ALLOWED_HOSTS", "MCP_MAX_BODY_BYTES"];
afterEach(() => set(Object.fromEntries(KEYS.map((k) => [k, undefined]))));

describe("lib/env.ts parses every structured setting once, at start-up", () => {
  it("parses rate limits, confirmation keys, approval rules and secrets keys into structures", () => {
    set({
      RATE_LIMITS: "scan_submissions=5/60, github_writes=2/3600",
      CONFIRMATION_KEYS: `k2:${"s".repeat(32)},k1:${"t".repeat(40)}`,
      CONFIRMATION_APPROVAL_RULES: "sitelint.delete_scan=token, repo:acme/*=operator",
      SECRETS_KEYS: `2:${Buffer.alloc(32, 2).toString("base64")},1:${Buffer.alloc(32, 1).toString("base64")}`,
      ALLOWED_HOSTS: "audit.example.com,10.0.0.5:3000",
    });
    const env = getEnv();
    expect(env.rateLimits).toEqual({ scan_submissions: { bucket: "scan_submissions", limit: 5, windowSeconds: 60 }, github_writes: { bucket: "github_writes", limit: 2, windowSeconds: 3600 } });
    expect(env.CONFIRMATION_KEYS.map((k) => k.kid)).toEqual(["k2", "k1"]);
    expect(env.CONFIRMATION_APPROVAL_RULES).toEqual([{ kind: "tool", tool: "sitelint_delete_scan", mode: "token" }, { kind: "repo", glob: "acme/*", mode: "operator" }]);
    expect(env.SECRETS_KEYS.map((k) => [k.version, k.key.length])).toEqual([[2, 32], [1, 32]]);
    expect(env.ALLOWED_HOSTS.map((h) => h.host)).toEqual(["audit.example.com", "10.0.0.5:3000"]);
  });

  it("refuses a bad value naming the variable, the entry and the accepted form — a typo is never silently ignored", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ CONFIRMATION_APPROVAL_RULES: "sitelint_delete_scan=operater" }, /CONFIRMATION_APPROVAL_RULES: entry "sitelint_delete_scan=operater": the mode must be operator or token.*accepted form: <tool>=operator\|token/],
      [{ CONFIRMATION_APPROVAL_RULES: "not a tool=token" }, /CONFIRMATION_APPROVAL_RULES: .*is not a tool name/],
      [{ RATE_LIMITS: "scan_submissions=20 per minute" }, /RATE_LIMITS: entry "scan_submissions=20 per minute": not bucket=count\/seconds; accepted form/],
      [{ RATE_LIMITS: "x=1/0" }, /RATE_LIMITS: .*at least 1 second/],
      [{ CONFIRMATION_KEYS: "k1:short" }, /CONFIRMATION_KEYS: .*at least 32 characters/],
      [{ CONFIRMATION_KEYS: `k1:${"a".repeat(32)},k1:${"b".repeat(32)}` }, /CONFIRMATION_KEYS: each key id may appear once/],
      [{ SECRETS_KEYS: "1:c2hvcnQ=" }, /SECRETS_KEYS: .*32 bytes/],
      [{ MCP_ALLOWED_ORIGINS: "https://chat.example.org/path" }, /MCP_ALLOWED_ORIGINS: .*not a bare http\(s\) origin/],
      [{ ALLOWED_HOSTS: "http://x" }, /ALLOWED_HOSTS: .*not a host or host:port/],
      [{ MCP_MAX_BODY_BYTES: "12" }, /MCP_MAX_BODY_BYTES/],
    ];
    for (const [vars, message] of cases) {
      set(vars);
      expect(() => getEnv(), JSON.stringify(vars)).toThrow(message);
      set(Object.fromEntries(Object.keys(vars).map((k) => [k, undefined])));
    }
  });
});
