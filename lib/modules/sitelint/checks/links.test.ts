import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { checkLinks, createLinkCache, type LinkCache } from "./links";

const LOCAL = createNetworkGuard({ policy: { allowlist: ["127.0.0.1"], denylist: [] } });

describe("checkLinks", () => {
  let s: StaticServer;
  let ext: StaticServer;
  /** Arrival times (ms) of requests to the throttled routes, server side. */
  const hits: Record<string, number[]> = {};
  const throttled = (path: string, retryAfter: string, okAfter: number) => (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    (hits[path] ??= []).push(Date.now());
    const ok = hits[path]!.length > okAfter;
    res.statusCode = ok ? 200 : 429;
    if (!ok) res.setHeader("retry-after", retryAfter);
    res.end(ok ? "fine" : "slow down");
  };
  beforeAll(async () => {
    ext = await startStaticServer({
      root: os.tmpdir(),
      routes: {
        "/page": { body: "external ok", headStatus: 405 },
        "/gone": { status: 404, body: "no" },
        "/members": { status: 401, body: "login" },
      },
    });
    s = await startStaticServer({
      root: os.tmpdir(),
      routes: {
        "/ok": { body: "ok" },
        "/head-405": { body: "fine with GET", headStatus: 405 },
        "/forbidden": { status: 403, body: "no bots" },
        "/gone": { status: 410, body: "gone" },
        "/moved": { status: 301, headers: { location: "/ok" } },
        "/moved-to-missing": { status: 302, headers: { location: "/nope" } },
        "/to-metadata": { status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } },
        "/slow": { body: "late", delayMs: 3_000 },
        "/throttled-once": throttled("/throttled-once", "1", 1),
        "/throttled-always": throttled("/throttled-always", "1", Infinity),
        "/throttled-long": throttled("/throttled-long", "3600", Infinity),
        "/hop1": { status: 301, headers: { location: "/hop2" } },
        "/hop2": { status: 307, headers: { location: "/gone" } },
      },
    });
  });
  afterAll(() => Promise.all([s.close(), ext.close()]));

  it("classifies ok, broken, blocked and redirects, with evidence", async () => {
    const cache: LinkCache = new Map();
    const targets = ["/ok", "/missing", "/head-405", "/forbidden", "/gone", "/moved", "/moved-to-missing"].map((p) => ({ url: s.url(p), selector: `a[href="${p}"]`, text: p }));
    const r = await checkLinks({ targets, cache, net: LOCAL, maxChecks: 100 });
    expect(r.checked).toBe(7);
    expect(r.findings.map((f) => [f.ruleId, f.evidence?.status])).toEqual([
      ["broken-link", 404],
      ["link-blocked", 403],
      ["broken-link", 410],
      ["broken-link", 404],
    ]);
    expect(r.findings[0]).toMatchObject({ severity: "medium", category: "links", selector: 'a[href="/missing"]', evidence: { target: s.url("/missing"), method: "GET", text: "/missing" } });
    expect(r.findings[1]).toMatchObject({ severity: "info", sourceTool: "sitelint-links" });
    expect(r.findings[3]?.evidence).toMatchObject({ target: s.url("/moved-to-missing"), finalUrl: s.url("/nope") });
    // HEAD 405 fell back to GET, which succeeded: no finding, and both methods were used.
    expect(s.requests.filter((q) => q.endsWith(" /head-405"))).toEqual(["HEAD /head-405", "GET /head-405"]);
  });

  it("checks each target once per scan via the shared cache, and stops at the cap", async () => {
    const cache: LinkCache = new Map();
    const before = s.requests.length;
    const page1 = await checkLinks({ targets: [{ url: s.url("/ok?a") }, { url: s.url("/missing?a") }], cache, net: LOCAL, maxChecks: 3 });
    const page2 = await checkLinks({ targets: [{ url: s.url("/missing?a") }, { url: s.url("/ok?b") }, { url: s.url("/ok?c") }], cache, net: LOCAL, maxChecks: 3 });
    expect(page1.findings).toHaveLength(1);
    expect(page2.findings).toHaveLength(1);
    expect(page2).toMatchObject({ checked: 2, overCap: 1 });
    // /ok?a HEAD; /missing?a HEAD+GET; /ok?b HEAD — the repeated /missing?a made no request.
    expect(s.requests.length - before).toBe(4);
  });

  it("skips targets and redirect hops the URL policy refuses, without findings", async () => {
    const cache: LinkCache = new Map();
    const r = await checkLinks({ targets: [{ url: s.url("/missing") }, { url: s.url("/to-metadata") }], cache, net: createNetworkGuard({ policy: { allowlist: [], denylist: [] } }) });
    expect(r.findings).toEqual([]);
    const viaRedirect = await checkLinks({ targets: [{ url: s.url("/to-metadata") }], cache: new Map(), net: LOCAL });
    expect(viaRedirect.findings).toEqual([]);
    expect(await cache.get(s.url("/missing"))).toMatchObject({ kind: "skipped" });
  });

  it("reports timeouts and refused connections as low-severity broken links", async () => {
    const closed = await startStaticServer({ root: os.tmpdir() });
    await closed.close();
    const r = await checkLinks({ targets: [{ url: s.url("/slow") }, { url: closed.url("/x") }], cache: new Map(), net: LOCAL, timeoutMs: 500 });
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([["broken-link", "low"], ["broken-link", "low"]]);
    expect(r.findings[0]?.evidence?.error).toBe("timed out after 500 ms");
    expect(String(r.findings[1]?.evidence?.error)).toMatch(/ECONNREFUSED/);
  });

  it("keeps blocked apart from broken and records the redirect chain in the evidence", async () => {
    const r = await checkLinks({ targets: [{ url: s.url("/hop1") }, { url: s.url("/forbidden") }], cache: new Map(), net: LOCAL });
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.evidence?.blocked ?? false])).toEqual([["broken-link", "medium", false], ["link-blocked", "info", true]]);
    expect(r.findings[0]?.evidence).toMatchObject({ status: 410, finalUrl: s.url("/gone"), redirects: [{ url: s.url("/hop1"), status: 301 }, { url: s.url("/hop2"), status: 307 }] });
    expect(r.findings[0]?.description).toMatch(/after 2 redirect/);
  });

  it("waits Retry-After (≤ 60 s) on 429 and asks once more: the server-side gap is at least the header's value", async () => {
    const cache = createLinkCache({ maxConcurrentPerHost: 2 });
    const r = await checkLinks({ targets: [{ url: s.url("/throttled-once") }, { url: s.url("/throttled-always") }, { url: s.url("/throttled-long") }], cache, net: LOCAL });
    const [first, second] = hits["/throttled-once"]!;
    // RFC 9110 §10.2.3: "Retry-After: 1" → the retry arrives ≥ 1 s later (50 ms tolerance for timer granularity).
    expect(second! - first!).toBeGreaterThanOrEqual(950);
    expect(hits["/throttled-once"]).toHaveLength(2);
    // No immediate GET after the HEAD's 429: exactly one retry per target.
    expect(hits["/throttled-always"]).toHaveLength(2);
    // Asking for an hour is not waited for: blocked at once, one request.
    expect(hits["/throttled-long"]).toHaveLength(1);
    expect(r.findings.map((f) => [f.ruleId, f.evidence?.target, f.evidence?.retried])).toEqual([
      ["link-blocked", s.url("/throttled-always"), true],
      ["link-blocked", s.url("/throttled-long"), false],
    ]);
    expect(r.findings[1]?.evidence).toMatchObject({ retry_after_ms: 3_600_000, blocked: true });
  });

  it("checks external links HEAD then GET, once per scan across pages, within the external cap", async () => {
    const cache = createLinkCache({ maxExternal: 3 });
    const before = ext.requests.length;
    const extTargets = ["/page", "/gone", "/members"].map((p) => ({ url: ext.url(p), external: true, selector: `a[href="${ext.url(p)}"]` }));
    const page1 = await checkLinks({ targets: [{ url: s.url("/ok") }, ...extTargets], cache, net: LOCAL, maxChecks: 100 });
    const page2 = await checkLinks({ targets: [...extTargets, { url: ext.url("/fourth"), external: true }], cache, net: LOCAL, maxChecks: 100 });
    expect(page1.findings.map((f) => [f.ruleId, f.evidence?.target, f.evidence?.external])).toEqual([
      ["broken-link", ext.url("/gone"), true],
      ["link-blocked", ext.url("/members"), true],
    ]);
    expect(page1.findings[0]?.title).toBe(`Broken external link to ${new URL(ext.origin).host}/gone (404)`);
    expect(page2.findings).toHaveLength(2);
    expect(page2).toMatchObject({ checked: 3, overCap: 1 });
    // HEAD 405 → GET for /page; HEAD 404 → GET for /gone; HEAD 401 → GET for /members; nothing repeated for page 2.
    expect(ext.requests.slice(before).sort()).toEqual(["GET /gone", "GET /members", "GET /page", "HEAD /gone", "HEAD /members", "HEAD /page"]);
  });

  it("a DNS failure is a broken link, unless an allowlist could not admit the host (then a policy refusal, skipped)", async () => {
    const nxdomain = async () => Promise.reject(Object.assign(new Error("queryA ENOTFOUND"), { code: "ENOTFOUND" }));
    const open = createNetworkGuard({ policy: { allowlist: [], denylist: [] }, resolve: nxdomain });
    const r = await checkLinks({ targets: [{ url: "http://no-such-host.invalid/x", external: true }], cache: new Map(), net: open });
    expect(r.findings.map((f) => [f.ruleId, f.severity])).toEqual([["broken-link", "low"]]);
    expect(String(r.findings[0]?.evidence?.error)).toMatch(/ENOTFOUND/);
    const allowlisted = createNetworkGuard({ policy: { allowlist: ["127.0.0.1"], denylist: [] }, resolve: nxdomain });
    expect((await checkLinks({ targets: [{ url: "http://no-such-host.invalid/x", external: true }], cache: new Map(), net: allowlisted })).findings).toEqual([]);
  });
});
