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
      [{ CONFIRMATION_APPROVAL_RULES: "sitelint_delete_scan=operater" }, /CONFIRMATION_APPROVAL_RULES: entry "sitelint_delete_scan=operater": the mode must be operator, token or elicitation.*accepted form: <tool>=operator\|token\|elicitation/],
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
const S3_KEYS = ["OBJECT_STORE", "OBJECT_STORE_BACKEND", "OBJECT_STORE_BUCKET", "OBJECT_STORE_PREFIX", "OBJECT_STORE_PRESIGN_SECONDS", "S3_ENDPOINT_URL", "S3_FORCE_PATH_STYLE", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_CHECKSUMS", "S3_MAX_ATTEMPTS"];

describe("object store settings (OBJECT_STORE_BACKEND, OBJECT_STORE_*, S3_*)", () => {
  afterEach(() => set(Object.fromEntries(S3_KEYS.map((k) => [k, undefined]))));

  it("defaults to local; s3 (or the old name OBJECT_STORE=s3) builds the S3 settings with their defaults", () => {
    set({});
    expect(getEnv()).toMatchObject({ objectStoreBackend: "local", s3: undefined, OBJECT_STORE_PRESIGN_SECONDS: 0 });
    set({ OBJECT_STORE: "s3", OBJECT_STORE_BUCKET: "evidence" });
    expect(getEnv().s3).toEqual({ bucket: "evidence", prefix: "", endpoint: undefined, forcePathStyle: false, region: "us-east-1", credentials: undefined, checksums: "when_required", maxAttempts: 4 });
    set({
      OBJECT_STORE: undefined, OBJECT_STORE_BACKEND: "s3", OBJECT_STORE_PREFIX: "/omniaudit/prod/", S3_ENDPOINT_URL: "http://127.0.0.1:7480", S3_FORCE_PATH_STYLE: "true",
      S3_REGION: "eu-central-1", S3_ACCESS_KEY_ID: "AK", S3_SECRET_ACCESS_KEY: "SK", S3_CHECKSUMS: "when_supported", S3_MAX_ATTEMPTS: "6", OBJECT_STORE_PRESIGN_SECONDS: "300",
    });
    const env = getEnv();
    expect(env.objectStoreBackend).toBe("s3");
    expect(env.OBJECT_STORE_PRESIGN_SECONDS).toBe(300);
    expect(env.s3).toEqual({ bucket: "evidence", prefix: "omniaudit/prod", endpoint: "http://127.0.0.1:7480", forcePathStyle: true, region: "eu-central-1", credentials: { accessKeyId: "AK", secretAccessKey: "SK" }, checksums: "when_supported", maxAttempts: 6 });
  });

  it("stops start-up with a message naming the variables", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ OBJECT_STORE_BACKEND: "s3" }, /OBJECT_STORE_BACKEND=s3 needs OBJECT_STORE_BUCKET/],
      [{ OBJECT_STORE: "s3" }, /OBJECT_STORE=s3 needs OBJECT_STORE_BUCKET/],
      [{ OBJECT_STORE: "local", OBJECT_STORE_BACKEND: "s3", OBJECT_STORE_BUCKET: "evidence" }, /OBJECT_STORE_BACKEND=s3 and OBJECT_STORE=local disagree/],
      [{ OBJECT_STORE_BACKEND: "s3", OBJECT_STORE_BUCKET: "evidence", S3_ACCESS_KEY_ID: "AK" }, /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/],
      [{ OBJECT_STORE_BACKEND: "minio" }, /OBJECT_STORE_BACKEND/],
      [{ OBJECT_STORE_BUCKET: "Not_A_Bucket" }, /OBJECT_STORE_BUCKET: not an S3 bucket name/],
      [{ OBJECT_STORE_PREFIX: "a/../b" }, /OBJECT_STORE_PREFIX/],
      [{ S3_CHECKSUMS: "always" }, /S3_CHECKSUMS/],
      [{ S3_MAX_ATTEMPTS: "0" }, /S3_MAX_ATTEMPTS/],
      [{ OBJECT_STORE_PRESIGN_SECONDS: "86400" }, /OBJECT_STORE_PRESIGN_SECONDS/],
    ];
    for (const [vars, message] of cases) {
      set(vars);
      expect(() => getEnv(), JSON.stringify(vars)).toThrow(message);
      set(Object.fromEntries(Object.keys(vars).map((k) => [k, undefined])));
    }
  });
});
