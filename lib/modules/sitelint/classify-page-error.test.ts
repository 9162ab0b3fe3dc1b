import { errors } from "playwright-core";
import { describe, expect, it } from "vitest";
import { blockedResponse, classifyPageError } from "./classify-page-error";

describe("classifyPageError", () => {
  it("maps timeouts, policy refusals, HTTP authentication walls and HTTP-level net errors to their codes", () => {
    expect(classifyPageError(new errors.TimeoutError("page.goto: Timeout 100ms exceeded.\nCall log: …")).code).toBe("PAGE_TIMEOUT");
    expect(classifyPageError(new Error("page.goto: net::ERR_TUNNEL_CONNECTION_FAILED at http://x/"), { blockedByPolicy: true }).code).toBe("URL_NOT_ALLOWED");
    expect(classifyPageError(new Error("page.goto: net::ERR_TUNNEL_CONNECTION_FAILED at http://x/")).code).toBe("PAGE_ERROR");
    expect(classifyPageError(new Error("page.goto: net::ERR_INVALID_AUTH_CREDENTIALS at http://x/"))).toMatchObject({ code: "BLOCKED", message: expect.stringMatching(/asks for HTTP authentication/) });
    expect(classifyPageError(new Error("page.goto: net::ERR_TOO_MANY_REDIRECTS at http://x/")).code).toBe("HTTP_ERROR");
    expect(classifyPageError(new Error("line one\nline two")).message).toBe("line one");
  });
});

describe("blockedResponse", () => {
  it("a rendered 401 with WWW-Authenticate (the headless shell's way) reads as the same login wall as ERR_INVALID_AUTH_CREDENTIALS", () => {
    const viaError = classifyPageError(new Error("page.goto: net::ERR_INVALID_AUTH_CREDENTIALS at http://x/"));
    expect(blockedResponse({ status: 401, headers: { "www-authenticate": 'Basic realm="staff"' } })).toEqual(viaError);
    // A 401 without a challenge header, a 403 and a challenge page keep their own messages.
    expect(blockedResponse({ status: 401, headers: {} })?.message).toMatch(/^The site answered 401: it refused the crawler/);
    expect(blockedResponse({ status: 403, headers: { "www-authenticate": "Bearer" } })?.message).toMatch(/^The site answered 403:/);
    expect(blockedResponse({ status: 401, headers: { "www-authenticate": "Basic", "cf-mitigated": "challenge" } })?.message).toMatch(/Cloudflare challenge/);
    expect(blockedResponse({ status: 200, headers: { "www-authenticate": "Basic" } })).toBeUndefined();
  });

  it("503 with Retry-After is a throttle with its wait; 503 without one is an ordinary failure", () => {
    expect(blockedResponse({ status: 503, headers: { "retry-after": "7" } })).toMatchObject({ code: "BLOCKED", retryAfterMs: 7000 });
    expect(blockedResponse({ status: 503, headers: {} })).toBeUndefined();
  });
});
