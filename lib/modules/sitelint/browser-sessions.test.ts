import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium } from "@/lib/browser/chromium";
import { createLocalObjectStore } from "@/lib/object-store/local";
import type { ObjectStore } from "@/lib/object-store/types";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { auditPage } from "./audit-page";
import { createSessionPool, type BrowserSession, type SessionPool } from "./browser-sessions";
import { closeSharedBrowser, withSharedBrowser } from "./shared-browser";
import type { PageAuditResult } from "./types";

const html = (body: string) => ({ body: `<!doctype html><html lang="en"><title>t</title><h1>t</h1>${body}</html>`, headers: { "content-type": "text/html" } });

describe.skipIf(!findChromium())("browser session pool (real Chromium)", () => {
  let site: StaticServer;
  let denied: StaticServer;
  let store: ObjectStore;
  let policy: { allowlist: string[]; denylist: string[] };
  const pools: SessionPool[] = [];
  const newPool = (o: { idleMs?: number; maxAudits?: number } = {}) => {
    const pool = createSessionPool({ net: { policy }, timeoutMs: 10_000, ...o });
    pools.push(pool);
    return pool;
  };
  /** Audit `url` through `pool`; also returns the session it used. */
  const audit = (pool: SessionPool, url: string, o: { timeoutMs?: number; profile?: "quick" | "standard" } = {}) =>
    withSharedBrowser((browser: Browser) =>
      pool.use(browser, "desktop", undefined, async (session: BrowserSession) => ({
        session,
        result: await auditPage({ browser, url, viewport: "desktop", profile: o.profile ?? "standard", objectStore: store, net: { policy }, timeoutMs: o.timeoutMs ?? 10_000, session }),
      })),
    );

  beforeAll(async () => {
    store = createLocalObjectStore(await fs.mkdtemp(path.join(os.tmpdir(), "oa-sessions-")));
    denied = await startStaticServer({ root: os.tmpdir() });
    site = await startStaticServer({
      root: os.tmpdir(),
      routes: {
        "/a.html": html("<p>a</p>"),
        "/b.html": html("<p>b</p>"),
        "/noisy.html": html(`<script>console.error("noise from a"); window.open("/b.html");</script><img alt="x" src="${denied.origin}/x.png">`),
        "/hang.html": { delayMs: Infinity },
        "/spin.html": html("<script>addEventListener('load', () => setTimeout(() => { for (;;) {} }, 50))</script>"),
      },
    });
    policy = { allowlist: ["127.0.0.1"], denylist: [`127.0.0.1:${new URL(denied.origin).port}`] };
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await closeSharedBrowser();
    await Promise.all([site?.close(), denied?.close()]);
  });

  it("consecutive audits navigate one page; each reports only what happened during it", async () => {
    const pool = newPool();
    const first = await audit(pool, site.url("/noisy.html"));
    const events = ["response", "request", "console", "pageerror", "requestfailed", "framenavigated"] as const;
    const listeners = () => events.map((e) => (first.session.page as unknown as { listenerCount(e: string): number }).listenerCount(e));
    const afterFirst = listeners();
    const second = await audit(pool, site.url("/a.html"));
    expect(second.session).toBe(first.session);
    // Every audit removes the listeners it added: none accumulate on the reused page.
    expect(listeners()).toEqual(afterFirst);
    expect(afterFirst.every((n) => n === 0)).toBe(true);
    expect(second.session.page).toBe(first.session.page);
    expect(pool.size()).toBe(1);
    // The popup noisy.html opened was closed; the session keeps its one page.
    expect(first.session.context.pages()).toEqual([first.session.page]);
    expect(first.result.diagnostics.consoleErrors).toEqual(expect.arrayContaining([expect.stringContaining("noise from a")]));
    expect(first.result.diagnostics.policyRefusals?.total).toBeGreaterThanOrEqual(1);
    // Nothing of the first page leaks into the second: no console errors, no refusals, its own URL and title.
    expect(second.result).toMatchObject({ status: "ok", finalUrl: site.url("/a.html"), diagnostics: { consoleErrors: [], failedRequests: [] } });
    expect(second.result.diagnostics.policyRefusals).toBeUndefined();
    expect(second.result.findings.filter((f) => f.category === "console")).toEqual([]);
  });

  it("a navigation that never commits reports its own URL and no screenshot, not the previous page's", async () => {
    const pool = newPool();
    const ok = await audit(pool, site.url("/a.html"));
    expect(ok.result.screenshotRef).toBeDefined();
    const hung = await audit(pool, site.url("/hang.html"), { timeoutMs: 1_500 });
    expect(hung.result).toMatchObject({ status: "failed", finalUrl: site.url("/hang.html"), error: { code: "PAGE_TIMEOUT" } });
    expect(hung.result.screenshotRef).toBeUndefined();
    expect(hung.result.title).toBeUndefined();
    // The session survives a navigation timeout and audits the next page normally.
    const after = await audit(pool, site.url("/b.html"));
    expect(after.session).toBe(ok.session);
    expect(after.result).toMatchObject({ status: "ok", finalUrl: site.url("/b.html") });
  });

  it("a session whose page no longer answers (script in an endless loop) is closed and replaced", async () => {
    const pool = newPool();
    const spun = await audit(pool, site.url("/spin.html"), { timeoutMs: 1_000 });
    // The loop starts after load: the screenshot times out, and the renderer would stall the next navigation.
    expect(spun.result).toMatchObject({ status: "failed", error: { code: "PAGE_TIMEOUT" } });
    expect(spun.session.broken).toBe(true);
    expect(spun.session.page.isClosed()).toBe(true);
    expect(pool.size()).toBe(0);
    const next = await audit(pool, site.url("/a.html"));
    expect(next.session).not.toBe(spun.session);
    expect(next.result.status).toBe("ok");
  }, 30_000);

  it("replaces a session after maxAudits, and closes idle sessions", async () => {
    const pool = newPool({ maxAudits: 2, idleMs: 300 });
    const runs: PageAuditResult[] = [];
    const sessions = new Set<BrowserSession>();
    for (const p of ["/a.html", "/b.html", "/a.html"]) {
      const r = await audit(pool, site.url(p));
      runs.push(r.result);
      sessions.add(r.session);
    }
    expect(runs.map((r) => r.status)).toEqual(["ok", "ok", "ok"]);
    expect(sessions.size).toBe(2);
    const [firstSession, secondSession] = [...sessions];
    expect(firstSession!.page.isClosed()).toBe(true);
    expect(pool.size()).toBe(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(pool.size()).toBe(0);
    expect(secondSession!.page.isClosed()).toBe(true);
  });

  it("runs concurrent audits in separate sessions and reuses both", async () => {
    const pool = newPool();
    const round = () => Promise.all([audit(pool, site.url("/a.html")), audit(pool, site.url("/b.html"))]);
    const one = await round();
    const two = await round();
    expect(one[0].session).not.toBe(one[1].session);
    expect(new Set([...one, ...two].map((r) => r.session)).size).toBe(2);
    expect(pool.size()).toBe(2);
    expect(two.map((r) => r.result.finalUrl)).toEqual([site.url("/a.html"), site.url("/b.html")]);
    await pool.close();
    expect(two.every((r) => r.session.page.isClosed())).toBe(true);
  });
});
