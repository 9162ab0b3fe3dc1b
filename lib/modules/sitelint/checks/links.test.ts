import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { checkLinks, type LinkCache } from "./links";

const LOCAL = createNetworkGuard({ policy: { allowlist: ["127.0.0.1"], denylist: [] } });

describe("checkLinks", () => {
  let s: StaticServer;
  beforeAll(async () => {
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
      },
    });
  });
  afterAll(() => s.close());

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
});
