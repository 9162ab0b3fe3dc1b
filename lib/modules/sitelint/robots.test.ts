import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { fetchRobots, parseRobots } from "./robots";

const net = createNetworkGuard({ policy: { allowlist: ["127.0.0.1"], denylist: [] } });
const loadRobots = async (origin: string, timeoutMs?: number) => parseRobots(await fetchRobots(origin, net, timeoutMs));
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";

describe("loadRobots", () => {
  let server: StaticServer;
  let errors: StaticServer;
  let missing: StaticServer;
  let limited: StaticServer;
  let hanging: StaticServer;
  let redirects: StaticServer;

  beforeAll(async () => {
    const robots = [
      "User-agent: *",
      "Disallow: /private/",
      "",
      "User-agent: OmniAuditBot",
      "Disallow: /no-audit/",
      "Allow: /no-audit/ok.html",
      "",
      "Sitemap: https://example.com/sitemap.xml",
    ].join("\n");
    server = await startStaticServer({ root: os.tmpdir(), routes: { "/robots.txt": { body: robots, headers: { "content-type": "text/plain" } } } });
    errors = await startStaticServer({ root: os.tmpdir(), routes: { "/robots.txt": { status: 503, body: "down" } } });
    missing = await startStaticServer({ root: os.tmpdir(), routes: { "/robots.txt": { status: 404 } } });
    limited = await startStaticServer({ root: os.tmpdir(), routes: { "/robots.txt": { status: 429, headers: { "retry-after": "5" }, body: "slow down" } } });
    hanging = await startStaticServer({ root: os.tmpdir(), routes: { "/robots.txt": { delayMs: Infinity } } });
    redirects = await startStaticServer({ root: os.tmpdir(), routes: { "/robots.txt": { status: 302, headers: { location: "/robots.txt" } } } });
  });
  afterAll(async () => Promise.all([server.close(), errors.close(), missing.close(), limited.close(), hanging.close(), redirects.close()]));

  it("applies the most specific group for OmniAuditBot and lists sitemaps", async () => {
    const r = await loadRobots(server.origin);
    expect(r).toMatchObject({ found: true, status: 200, sitemaps: ["https://example.com/sitemap.xml"] });
    expect(r.isAllowed(server.url("/no-audit/page.html"))).toBe(false);
    expect(r.isAllowed(server.url("/no-audit/ok.html"))).toBe(true);
    // Our group replaces `*`, so `/private/` is allowed for OmniAuditBot (RFC 9309 §2.2.1).
    expect(r.isAllowed(server.url("/private/x"))).toBe(true);
    expect(r.isAllowed("https://elsewhere.test/no-audit/page.html")).toBe(true);
  });

  it("allows all on 4xx without a note (RFC 9309 §2.3.1.3)", async () => {
    const r404 = await loadRobots(missing.origin);
    expect(r404).toMatchObject({ found: false, status: 404, unreachable: false });
    expect(r404.note).toBeUndefined();
    expect(r404.isAllowed(missing.url("/anything"))).toBe(true);
  });

  it("disallows everything on 5xx and 429 (RFC 9309 §2.3.1.4), with a note naming the status", async () => {
    const r503 = await loadRobots(errors.origin);
    expect(r503).toMatchObject({ found: false, status: 503, unreachable: true });
    expect(r503.note).toMatch(/answered 503; RFC 9309 §2\.3\.1\.4 says to assume complete disallow/);
    expect(r503.isAllowed(errors.url("/"))).toBe(false);
    expect(r503.isAllowed(errors.url("/any/page.html"))).toBe(false);
    // Another origin's pages are governed by that origin's robots.txt.
    expect(r503.isAllowed("https://elsewhere.test/")).toBe(true);

    const r429 = await loadRobots(limited.origin);
    expect(r429).toMatchObject({ status: 429, unreachable: true });
    expect(r429.isAllowed(limited.url("/"))).toBe(false);
  });

  it("disallows everything when the host cannot be reached or does not answer in time", async () => {
    const closed = await startStaticServer({ root: os.tmpdir() });
    await closed.close();
    const r = await loadRobots(closed.origin, 2_000);
    expect(r).toMatchObject({ found: false, unreachable: true });
    expect(r.note).toMatch(/could not be fetched \(network error\)/);
    expect(r.isAllowed(closed.url("/"))).toBe(false);

    const slow = await loadRobots(hanging.origin, 500);
    expect(slow).toMatchObject({ unreachable: true, note: expect.stringMatching(/timed out after 500 ms/) });
  });

  it("treats a redirect loop as unavailable (allow-all, §2.3.1.2)", async () => {
    const loop = await loadRobots(redirects.origin);
    expect(loop).toMatchObject({ found: false, unreachable: false, note: expect.stringMatching(/more than 5 times/) });
    expect(loop.isAllowed(redirects.url("/x"))).toBe(true);
  });
});
