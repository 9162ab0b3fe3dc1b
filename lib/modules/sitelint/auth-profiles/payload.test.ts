import { describe, expect, it } from "vitest";
import { normalizeProfileOrigin, parseAuthPayload, secretValuesOf } from "./payload";

const ORIGIN = "https://app.example.com";
const login = (over: Record<string, unknown> = {}) => ({
  kind: "login",
  login_url: "https://app.example.com/login",
  steps: [
    { action: "fill", selector: "#user", value: "{{username}}" },
    { action: "fill", selector: "#pw", value: "{{password}}" },
    { action: "click", selector: "button[type=submit]" },
  ],
  success: { selector: "#account" },
  secrets: { username: "alice", password: "s3cret-pass" },
  ...over,
});
const refusal = (raw: unknown) => {
  try {
    parseAuthPayload(raw, ORIGIN);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("accepted");
};

describe("parseAuthPayload", () => {
  it("accepts each kind and applies defaults", () => {
    expect(parseAuthPayload({ kind: "cookies", cookies: [{ name: "sid", value: "abc123", httpOnly: true, sameSite: "Lax" }] }, ORIGIN)).toMatchObject({ kind: "cookies" });
    expect(parseAuthPayload({ kind: "headers", headers: { Authorization: "Bearer tok_0123456789" } }, ORIGIN)).toMatchObject({ kind: "headers" });
    expect(parseAuthPayload({ ...login(), secrets: undefined, steps: [{ action: "click", selector: "#sso" }] }, ORIGIN)).toMatchObject({ kind: "login", secrets: {} });
    expect(parseAuthPayload(login({ login_url: "/login", steps: [{ action: "goto", url: "/two-factor" }, { action: "press", selector: "#otp", value: "Enter" }, { action: "wait_for", url: "/home" }] }), ORIGIN)).toMatchObject({ kind: "login" });
  });

  it.each([
    ["an unknown kind", { kind: "oauth" }, /kind/],
    ["unknown fields", { kind: "cookies", cookies: [{ name: "a", value: "b", domain: "evil.test" }] }, /domain|Unrecognized/i],
    ["a cookie value with a semicolon", { kind: "cookies", cookies: [{ name: "sid", value: "a;b" }] }, /Cookie value/],
    ["no cookies", { kind: "cookies", cookies: [] }, /cookies/],
    ["a header the browser owns", { kind: "headers", headers: { Host: "other.example" } }, /set by the browser/],
    ["a Cookie header", { kind: "headers", headers: { cookie: "sid=1234" } }, /set by the browser/],
    ["a header value with CRLF", { kind: "headers", headers: { "X-Key": "a\r\nX-Evil: 1" } }, /control characters/],
    ["no headers", { kind: "headers", headers: {} }, /1 to 20/],
    ["a login_url on another origin", login({ login_url: "https://evil.example/login" }), /login_url must be on https:\/\/app\.example\.com/],
    ["a goto step to another origin", login({ steps: [{ action: "goto", url: "https://evil.example/" }] }), /steps\[0\] \(goto\)/],
    ["an unknown secret field", login({ steps: [{ action: "fill", selector: "#otp", value: "{{otp}}" }] }), /\{\{otp\}\}, which is not in secrets/],
    ["a login without success check", login({ success: {} }), /success needs/],
    ["wait_for with both selector and url", login({ steps: [{ action: "wait_for", selector: "#a", url: "/b" }] }), /not both/],
    ["an unknown action", login({ steps: [{ action: "evaluate", value: "alert(1)" }] }), /action/],
    ["a too short secret", login({ secrets: { password: "abc" } }), /at least 4/],
  ])("refuses %s with VALIDATION_ERROR", (_label, raw, message) => {
    const e = refusal(raw);
    expect(e.code).toBe("VALIDATION_ERROR");
    expect(e.message).toMatch(message);
  });

  it("never echoes a submitted value in its message", () => {
    const e = refusal({ kind: "headers", headers: { "X-Key": "topsecret\nvalue" } });
    expect(e.message).not.toContain("topsecret");
    const e2 = refusal(login({ secrets: { password: "zzz" }, steps: [{ action: "fill", selector: "#x", value: "{{missing}}" }] }));
    expect(e2.message).not.toContain("zzz");
  });
});

describe("normalizeProfileOrigin", () => {
  it("keeps scheme, host and a non-default port only", () => {
    expect(normalizeProfileOrigin("HTTPS://App.Example.com:443/path?q")).toBe("https://app.example.com");
    expect(normalizeProfileOrigin("http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080");
  });
  it.each(["ftp://example.com", "not a url", "https://user:pw@example.com"])("refuses %s", (raw) => {
    expect(() => normalizeProfileOrigin(raw)).toThrow(expect.objectContaining({ code: "VALIDATION_ERROR" }));
  });
});

describe("secretValuesOf", () => {
  it("lists cookie values, header values with their credential part, login secrets and literal fill values", () => {
    expect(secretValuesOf(parseAuthPayload({ kind: "cookies", cookies: [{ name: "sid", value: "cookie-value-1" }, { name: "consent", value: "1" }] }, ORIGIN))).toEqual(["cookie-value-1"]);
    expect(secretValuesOf(parseAuthPayload({ kind: "headers", headers: { Authorization: "Basic dXNlcjpwYXNz" } }, ORIGIN))).toEqual(["Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"]);
    const l = parseAuthPayload(login({ steps: [{ action: "fill", selector: "#pw", value: "literal-pass" }, { action: "fill", selector: "#u", value: "{{username}}" }] }), ORIGIN);
    expect(secretValuesOf(l).sort()).toEqual(["alice", "literal-pass", "s3cret-pass"]);
  });
});
