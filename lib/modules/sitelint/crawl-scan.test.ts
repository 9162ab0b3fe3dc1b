import os from "node:os";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { jobs, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { createMemoStep } from "@/lib/jobs/memo-step";
import { crawlScan } from "./crawl-scan";
import { closeSharedBrowser } from "./shared-browser";

const page = (title: string, links: string[]) =>
  `<!doctype html><html lang="en"><head><title>${title}</title><meta name="description" content="${title} page"></head><body><main><h1>${title}</h1>${links.map((l) => `<a href="${l}">${l}</a>`).join(" ")}</main></body></html>`;

describe("crawlScan (real Chromium, local site)", () => {
  let site: StaticServer;
  beforeAll(async () => {
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
    process.env.SITELINT_PAGE_TIMEOUT_MS = "1500";
    process.env.SITELINT_CONCURRENCY = "2";
    resetEnvForTests();
    site = await startStaticServer({
      root: os.tmpdir(),
      routes: {
        "/robots.txt": { body: "User-agent: *\nDisallow: /private/\n", headers: { "content-type": "text/plain" } },
        "/start.html": { body: page("Start", ["/a.html", "/private/secret.html", "/slow.html", "/b.html#frag", "https://other.example/x", "mailto:x@example.com"]) },
        "/a.html": { body: page("A", ["/start.html", "/c.html", "/d.html"]) },
        "/b.html": { body: page("B", ["/a.html"]) },
        "/c.html": { body: page("C", []) },
        "/slow.html": { delayMs: Infinity },
      },
    });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("crawls breadth-first within the budget, skips robots-disallowed pages, records a failing page and goes on", async () => {
    const db = await getDb();
    const jobId = newId("job");
    const scanId = newId("scan");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "running" });
    await db.insert(scans).values({ id: scanId, jobId, url: site.url("/start.html"), origin: site.origin, profile: "quick", viewportSet: "desktop", crawlBudget: 4 });

    const summary = await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) });
    expect(summary).toMatchObject({ status: "succeeded", pages_ok: 3, pages_failed: 1, robots_skipped: [site.url("/private/secret.html")] });

    const pages = await db.select().from(scanPages).where(eq(scanPages.scanId, scanId));
    const byPath = Object.fromEntries(pages.map((p) => [new URL(p.url).pathname, p]));
    // Breadth-first: the start page, then its links in document order (fragment dropped), until 4 pages.
    expect(Object.keys(byPath).sort()).toEqual(["/a.html", "/b.html", "/slow.html", "/start.html"]);
    expect(byPath["/slow.html"]).toMatchObject({ status: "failed", depth: 1, error: { code: "PAGE_TIMEOUT" } });
    expect(byPath["/a.html"]).toMatchObject({ status: "ok", depth: 1, httpStatus: 200, title: "A" });
    expect(site.requests.some((r) => r.includes("/private/"))).toBe(false);
    expect(site.requests.some((r) => r.includes("/c.html"))).toBe(false);

    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({ progressDone: 4, progressTotal: 4 });
    const [scan] = await db.select().from(scans).where(eq(scans.id, scanId));
    expect(scan).toMatchObject({ status: "succeeded", pagesDone: 3, pagesFailed: 1 });
  });
});
