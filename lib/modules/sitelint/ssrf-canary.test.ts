import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCanary, type Canary } from "@/e2e/support/canary";
import { startSsrfSite, VECTORS, type SsrfSite } from "@/e2e/support/ssrf-site";
import { jobs, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { createMemoStep } from "@/lib/jobs/memo-step";
import { createLocalObjectStore } from "@/lib/object-store/local";
import { auditPage } from "./audit-page";
import { crawlScan } from "./crawl-scan";
import { closeSharedBrowser, withSharedBrowser } from "./shared-browser";

/**
 * The SSRF canary (issue: "SSRF closed where sockets open"): a real crawl in real Chromium of a page built to make the
 * crawler connect to a refused address by every known route. The control run allowlists the canary and proves each
 * vector really fires; the guarded run allowlists only the site's own origin and must produce zero connections.
 */
describe("SSRF canary: a hostile page cannot make the crawl connect to a refused address", () => {
  let canary: Canary;
  let site: SsrfSite;
  beforeAll(async () => {
    canary = await startCanary();
    site = await startSsrfSite({ target: canary.v4, targetV6: canary.v6 });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
    await canary?.close();
    delete process.env.SITELINT_URL_ALLOWLIST;
    resetEnvForTests();
  });

  async function crawl(allowlist: string[]) {
    process.env.SITELINT_URL_ALLOWLIST = allowlist.join(",");
    process.env.SITELINT_PAGE_TIMEOUT_MS = "8000";
    resetEnvForTests();
    const db = await getDb();
    const jobId = newId("job");
    const scanId = newId("scan");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "running" });
    await db.insert(scans).values({
      id: scanId, jobId, url: site.url("/"), origin: site.origin, profile: "standard", viewportSet: "desktop", crawlBudget: 6, entryPaths: ["/main-redirect", "/main-chain"],
    });
    const summary = await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) });
    // Late vectors (beacons, workers) would land within a moment of the context closing.
    await new Promise((r) => setTimeout(r, 500));
    const pages = await db.select().from(scanPages).where(eq(scanPages.scanId, scanId));
    return { summary, pages };
  }

  it("control: with the canary allowlisted, every vector of the page reaches it", async () => {
    canary.reset();
    await crawl([`127.0.0.1:${new URL(site.origin).port}`, `127.0.0.1:${canary.port}`, `[::1]:${canary.port}`]);
    const hit = new Set(canary.paths().map((p) => p.replace(/^\/v\//, "").replace(/\?.*$/, "")));
    console.info(`control run: ${canary.connections()} connections, ${canary.datagrams()} datagrams, vectors hit: ${[...hit].sort().join(" ")}`);
    expect(VECTORS.filter((v) => !hit.has(v))).toEqual([]);
    expect(canary.connections()).toBeGreaterThan(0);
  });

  it("guarded: only the site's origin allowlisted → zero connections and datagrams; refusals in the diagnostics", async () => {
    canary.reset();
    const { summary, pages } = await crawl([`127.0.0.1:${new URL(site.origin).port}`]);
    expect({ connections: canary.connections(), datagrams: canary.datagrams(), paths: canary.paths() }).toEqual({ connections: 0, datagrams: 0, paths: [] });
    // robots.txt redirected to the canary: refused, treated as allow-all and said so.
    expect(summary.robots_note).toMatch(/refuses/);
    expect(summary.policy_refusals).toBeGreaterThan(10);
    const byPath = Object.fromEntries(pages.map((p) => [new URL(p.url).pathname, p]));
    for (const entry of ["/main-redirect", "/main-chain"]) expect(byPath[entry], entry).toMatchObject({ status: "failed", error: { code: "URL_NOT_ALLOWED" } });
    const main = byPath["/"]!;
    expect(main.status).toBe("ok");
    const diag = main.diagnostics as { policy_refusals?: { total: number; refusals: { host: string; port: string; via: string }[] } };
    expect(diag.policy_refusals?.total).toBeGreaterThan(10);
    expect(new Set(diag.policy_refusals!.refusals.map((r) => `${r.host}:${r.port}`))).toEqual(new Set([`127.0.0.1:${canary.port}`, `::1:${canary.port}`]));
    expect(new Set(diag.policy_refusals!.refusals.map((r) => r.via))).toEqual(new Set(["browser", "node"]));
  });

  it("DNS rebinding: a name that answers public at submit and loopback at crawl time is refused where the browser connects", async () => {
    canary.reset();
    let calls = 0;
    const resolve = async () => (calls++ === 0 ? ["93.184.216.34"] : ["127.0.0.1"]);
    const store = createLocalObjectStore(await fs.mkdtemp(path.join(os.tmpdir(), "oa-rebind-")));
    const r = await withSharedBrowser((browser) =>
      auditPage({ browser, url: `http://rebind.test:${canary.port}/`, viewport: "desktop", profile: "standard", objectStore: store, net: { policy: { allowlist: [], denylist: [] }, resolve }, timeoutMs: 8_000 }),
    );
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(r).toMatchObject({ status: "failed", error: { code: "URL_NOT_ALLOWED" } });
    expect(r.diagnostics.policyRefusals?.refusals[0]).toMatchObject({ host: "rebind.test", port: String(canary.port), via: "browser" });
    expect(canary.connections()).toBe(0);
  });
});
