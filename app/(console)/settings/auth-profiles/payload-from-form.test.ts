import { describe, expect, it } from "vitest";
import { parseAuthPayload } from "@/lib/modules/sitelint/auth-profiles/payload";
import { payloadFromForm } from "./payload-from-form";

const fd = (o: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(o)) f.set(k, v);
  return f;
};
const ORIGIN = "https://app.example.com";

describe("payloadFromForm", () => {
  it("turns each kind's fields into a payload that validates", () => {
    expect(parseAuthPayload(payloadFromForm("headers", fd({ headers: "Authorization: Bearer abc:def\n\nX-Env: staging" })), ORIGIN)).toEqual({ kind: "headers", headers: { Authorization: "Bearer abc:def", "X-Env": "staging" } });
    expect(parseAuthPayload(payloadFromForm("cookies", fd({ cookies: "sid=a=b\nlang=en", cookie_path: "/app", cookie_http_only: "on", cookie_same_site: "Strict" })), ORIGIN)).toEqual({
      kind: "cookies",
      cookies: [
        { name: "sid", value: "a=b", path: "/app", httpOnly: true, sameSite: "Strict" },
        { name: "lang", value: "en", path: "/app", httpOnly: true, sameSite: "Strict" },
      ],
    });
    const steps = JSON.stringify([{ action: "fill", selector: "#pw", value: "{{password}}" }, { action: "press", selector: "#pw", value: "Enter" }]);
    expect(parseAuthPayload(payloadFromForm("login", fd({ login_url: "/login", username: "alice", password: "pass-1234", steps, success_url_contains: "/home" })), ORIGIN)).toMatchObject({
      kind: "login",
      login_url: "/login",
      success: { url_contains: "/home" },
      secrets: { username: "alice", password: "pass-1234" },
    });
  });

  it("names the bad line or field, never its content", () => {
    expect(() => payloadFromForm("headers", fd({ headers: "Authorization: ok\nsecret-without-colon" }))).toThrow(/^Headers line 2: write Name: value\.$/);
    expect(() => payloadFromForm("cookies", fd({ cookies: "novalue" }))).toThrow(/^Cookies line 1: write name=value\.$/);
    expect(() => payloadFromForm("login", fd({ steps: "[{ not json" }))).toThrow(/^Steps must be a JSON array of steps\.$/);
  });
});
