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
  });
  afterAll(async () => Promise.all([server.close(), errors.close(), missing.close()]));

  it("applies the most specific group for OmniAuditBot and lists sitemaps", async () => {
    const r = await loadRobots(server.origin);
    expect(r).toMatchObject({ found: true, status: 200, sitemaps: ["https://example.com/sitemap.xml"] });
    expect(r.isAllowed(server.url("/no-audit/page.html"))).toBe(false);
    expect(r.isAllowed(server.url("/no-audit/ok.html"))).toBe(true);
    // Our group replaces `*`, so `/private/` is allowed for OmniAuditBot (RFC 9309 §2.2.1).
    expect(r.isAllowed(server.url("/private/x"))).toBe(true);
    expect(r.isAllowed("https://elsewhere.test/no-audit/page.html")).toBe(true);
  });

  it("allows all on 4xx without a note, and on 5xx with a note", async () => {
    const r404 = await loadRobots(missing.origin);
    expect(r404).toMatchObject({ found: false, status: 404 });
    expect(r404.note).toBeUndefined();
    expect(r404.isAllowed(missing.url("/anything"))).toBe(true);

    const r503 = await loadRobots(errors.origin);
    expect(r503).toMatchObject({ found: false, status: 503 });
    expect(r503.note).toMatch(/503.*allow-all/);
  });

  it("allows all when the host cannot be reached", async () => {
    const closed = await startStaticServer({ root: os.tmpdir() });
    await closed.close();
    const r = await loadRobots(closed.origin, 2_000);
    expect(r.found).toBe(false);
    expect(r.note).toMatch(/could not be fetched/);
  });
});
