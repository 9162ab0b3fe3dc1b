import type { IncomingMessage, ServerResponse } from "node:http";
import os from "node:os";
import { gzipSync } from "node:zlib";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { findings, jobs, scanPages, scans, type ScanOptions } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { createMemoStep } from "@/lib/jobs/memo-step";
import { crawlScan } from "./crawl-scan";
import { closeSharedBrowser } from "./shared-browser";
import type { TemplateCoverage } from "./templates";

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

const urlset = (urls: string[]) => `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<url><loc>${u}</loc></url>`).join("")}</urlset>`;
const sitemapIndex = (urls: string[]) => `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((u) => `<sitemap><loc>${u}</loc></sitemap>`).join("")}</sitemapindex>`;
/** The keys of `scans.crawl` these tests read. */
type CrawlRecord = {
  sitemaps: unknown[]; urls_by_source: Record<string, number>; blocked_pages: string[]; redirected_pages: unknown[];
  politeness: Record<string, unknown>; sampling: unknown; templates: TemplateCoverage[];
};
type Routes = NonNullable<Parameters<typeof startStaticServer>[0]["routes"]>;

/** A scan row and its job, crawled to the end; the thrown error (if any) returned beside the summary. */
async function runScan(values: { url: string; origin: string; profile?: "quick" | "standard"; crawlBudget: number; options?: ScanOptions }) {
  const db = await getDb();
  const jobId = newId("job");
  const scanId = newId("scan");
  await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "running" });
  await db.insert(scans).values({ id: scanId, jobId, viewportSet: "desktop", profile: "quick", ...values });
  const outcome = await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) }).then((summary) => ({ summary, error: undefined }), (error: unknown) => ({ summary: undefined, error }));
  const pages = await db.select().from(scanPages).where(eq(scanPages.scanId, scanId));
  const [scan] = await db.select().from(scans).where(eq(scans.id, scanId));
  const byPath = Object.fromEntries(pages.map((p) => [new URL(p.url).pathname, p]));
  const found = await db.select().from(findings).where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId)));
  return { ...outcome, scanId, pages, byPath, scan: scan!, findings: found };
}

describe("crawlScan: whole site (sitemaps, blocked vs broken, redirects, Retry-After, external links)", () => {
  let site: StaticServer;
  let ext: StaticServer;
  let down: StaticServer;
  const throttledHits: number[] = [];
  beforeAll(async () => {
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
    process.env.SITELINT_PAGE_TIMEOUT_MS = "8000";
    process.env.SITELINT_CONCURRENCY = "2";
    resetEnvForTests();
    ext = await startStaticServer({ root: os.tmpdir(), routes: { "/shared": { body: "ok" }, "/dead": { status: 404, body: "gone" } } });
    const routes: Routes = {};
    site = await startStaticServer({ root: os.tmpdir(), routes });
    const u = (p: string) => site.url(p);
    Object.assign(routes, {
      "/robots.txt": { body: `User-agent: *\nAllow: /\nSitemap: ${u("/sitemap_index.xml")}\n`, headers: { "content-type": "text/plain" } },
      "/sitemap_index.xml": { body: sitemapIndex([u("/sitemaps/pages.xml"), u("/sitemaps/more.xml.gz")]), headers: { "content-type": "application/xml" } },
      "/sitemaps/pages.xml": { body: urlset([u("/orphan.html"), u("/members.html")]), headers: { "content-type": "application/xml" } },
      "/sitemaps/more.xml.gz": { body: gzipSync(urlset([u("/deep/hidden.html"), u("/old.html")])), headers: { "content-type": "application/gzip" } },
      "/start.html": { body: page("Start", ["/a.html", "/missing.html", "/members.html", ext.url("/shared"), ext.url("/dead")]) },
      "/a.html": { body: page("A", [ext.url("/shared"), "/throttled.html", "/challenge.html"]) },
      "/orphan.html": { body: page("Orphan", []) },
      "/deep/hidden.html": { body: page("Hidden", []) },
      "/old.html": { status: 301, headers: { location: "/new.html" } },
      "/new.html": { body: page("New", []) },
      "/members.html": { status: 403, body: page("Forbidden", []) },
      "/challenge.html": { status: 503, headers: { "cf-mitigated": "challenge" }, body: "<!doctype html><title>Just a moment...</title><h1>Checking your browser</h1>" },
      "/throttled.html": (req: IncomingMessage, res: ServerResponse) => {
        res.setHeader("content-type", "text/html");
        // Throttle the browser only: a.html's link check of this URL is not the page load under test.
        if (/link-check/.test(String(req.headers["user-agent"]))) return res.end(page("Throttled", []));
        throttledHits.push(Date.now());
        if (throttledHits.length === 1) {
          res.statusCode = 429;
          res.setHeader("retry-after", "2");
          return res.end("<title>Too many requests</title>");
        }
        res.end(page("Throttled", []));
      },
    });
    down = await startStaticServer({ root: os.tmpdir(), routes: { "/robots.txt": { status: 503, body: "maintenance" }, "/": { body: page("Home", ["/x.html"]) } } });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await Promise.all([site?.close(), ext?.close(), down?.close()]);
  });

  it("finds pages no link reaches via the sitemaps, keeps blocked apart from broken, records redirects, honours Retry-After, checks external links once", async () => {
    const r = await runScan({ url: site.url("/start.html"), origin: site.origin, profile: "standard", crawlBudget: 30 });
    expect(r.error).toBeUndefined();
    // start + 4 sitemap URLs (orphan, members, hidden, old→new) + linked a, missing, throttled, challenge.
    expect(Object.keys(r.byPath).sort()).toEqual(["/a.html", "/challenge.html", "/deep/hidden.html", "/members.html", "/missing.html", "/old.html", "/orphan.html", "/start.html", "/throttled.html"]);
    expect(r.summary).toMatchObject({ status: "succeeded", pages_ok: 7, pages_failed: 0, pages_blocked: 2 });

    // Discovery sources; the sitemap-only pages were audited although no link reaches them.
    expect(r.byPath["/start.html"]).toMatchObject({ discoveredVia: "start", depth: 0 });
    expect(r.byPath["/orphan.html"]).toMatchObject({ discoveredVia: "sitemap", status: "ok", title: "Orphan" });
    expect(r.byPath["/deep/hidden.html"]).toMatchObject({ discoveredVia: "sitemap", status: "ok" });
    expect(r.byPath["/a.html"]).toMatchObject({ discoveredVia: "link", depth: 1 });
    const crawl = r.scan.crawl as CrawlRecord;
    expect(crawl.sitemaps).toEqual([
      { url: site.url("/sitemap_index.xml"), kind: "sitemapindex", urls: 2 },
      { url: site.url("/sitemaps/pages.xml"), kind: "urlset", urls: 2 },
      { url: site.url("/sitemaps/more.xml.gz"), kind: "urlset", urls: 2 },
    ]);
    expect(crawl.urls_by_source).toEqual({ start: 1, entry: 0, sitemap: 4, link: 4 });

    // Blocked (403, WAF challenge) vs broken (404): different statuses, codes and findings.
    expect(r.byPath["/members.html"]).toMatchObject({ status: "blocked", httpStatus: 403, error: { code: "BLOCKED" }, findingCount: 0 });
    expect(r.byPath["/challenge.html"]).toMatchObject({ status: "blocked", httpStatus: 503, error: { code: "BLOCKED", message: expect.stringMatching(/Cloudflare challenge/) } });
    expect(r.byPath["/missing.html"]).toMatchObject({ status: "ok", httpStatus: 404 });
    expect(r.findings.filter((f) => f.pageUrl === site.url("/missing.html")).map((f) => f.ruleId)).toContain("http-status");
    expect(crawl.blocked_pages.sort()).toEqual([site.url("/challenge.html"), site.url("/members.html")]);
    const links = r.findings.filter((f) => f.pageUrl === site.url("/start.html") && f.category === "links");
    expect(links.map((f) => [f.ruleId, (f.evidence as Record<string, unknown>).target]).sort()).toEqual([
      ["broken-link", ext.url("/dead")],
      ["broken-link", site.url("/missing.html")],
      ["link-blocked", site.url("/members.html")],
    ].sort());

    // A link to a WAF challenge is blocked too, not broken.
    expect(r.findings.find((f) => f.pageUrl === site.url("/a.html") && (f.evidence as Record<string, unknown> | null)?.target === site.url("/challenge.html"))?.ruleId).toBe("link-blocked");

    // Redirects: the page row keeps the chain; the final URL is not audited again.
    expect(r.byPath["/old.html"]).toMatchObject({ status: "ok", title: "New", redirects: [{ url: site.url("/old.html"), status: 301 }] });
    expect((r.byPath["/old.html"]!.diagnostics as Record<string, unknown>).final_url).toBe(site.url("/new.html"));
    expect(crawl.redirected_pages).toEqual([{ url: site.url("/old.html"), final_url: site.url("/new.html"), hops: 1 }]);

    // 429 + Retry-After: 2 → one retry, at least 2 s later on the server's clock (100 ms tolerance), then audited.
    expect(throttledHits).toHaveLength(2);
    expect(throttledHits[1]! - throttledHits[0]!).toBeGreaterThanOrEqual(1_900);
    expect(r.byPath["/throttled.html"]).toMatchObject({ status: "ok", httpStatus: 200, title: "Throttled" });
    expect(crawl.politeness).toMatchObject({ retry_after_retries: 1 });

    // The external link on two pages was requested once for the whole scan (HEAD); the dead one HEAD then GET.
    expect(ext.requests).toEqual(expect.arrayContaining(["HEAD /shared", "HEAD /dead", "GET /dead"]));
    expect(ext.requests.filter((q) => q.endsWith("/shared"))).toEqual(["HEAD /shared"]);
    expect(ext.requests).toHaveLength(3);
  });

  it("a site that refuses every page: scan failed with ALL_PAGES_BLOCKED, pages stored as blocked (not failed)", async () => {
    const walled = await startStaticServer({ root: os.tmpdir(), routes: { "/": { status: 401, headers: { "www-authenticate": 'Basic realm="staff"', "content-type": "text/html" }, body: page("Login", ["/a"]) } } });
    try {
      const r = await runScan({ url: walled.url("/"), origin: walled.origin, crawlBudget: 3 });
      expect(r.error).toMatchObject({ code: "UPSTREAM_ERROR" });
      // Chromium ends a navigation answered 401 + WWW-Authenticate (no credentials) with ERR_INVALID_AUTH_CREDENTIALS.
      expect(r.pages.map((p) => [p.status, (p.error as { code: string; message: string } | null)?.message])).toEqual([["blocked", expect.stringMatching(/asks for HTTP authentication/)]]);
      expect(r.scan).toMatchObject({ status: "failed", pagesFailed: 0, error: { code: "ALL_PAGES_BLOCKED", message: expect.stringMatching(/refused the crawler/) } });
      expect(r.scan.summary).toMatchObject({ pages_ok: 0, pages_failed: 0, pages_blocked: 1 });
    } finally {
      await walled.close();
    }
  });

  it("politeness: one page in flight per host and page starts at least delay_ms apart (server clock)", async () => {
    const arrivals: number[] = [];
    const doc = (title: string, links: string[]) => (req: IncomingMessage, res: ServerResponse) => {
      // Page navigations only (Chromium's user agent); the scan's one Observatory redirection probe of / is not a page.
      if (/Chrome\//.test(String(req.headers["user-agent"]))) arrivals.push(Date.now());
      res.setHeader("content-type", "text/html");
      res.end(page(title, links));
    };
    const polite = await startStaticServer({ root: os.tmpdir(), routes: { "/": doc("Home", ["/p1", "/p2", "/p3"]), "/p1": doc("P1", []), "/p2": doc("P2", []), "/p3": doc("P3", []) } });
    try {
      const r = await runScan({ url: polite.url("/"), origin: polite.origin, crawlBudget: 4, options: { delay_ms: 400, max_concurrency_per_host: 1, sitemaps: false } });
      expect(r.summary).toMatchObject({ pages_ok: 4 });
      expect(arrivals).toHaveLength(4);
      for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!, `gap ${i}`).toBeGreaterThanOrEqual(380);
      // sitemaps: false → no sitemap request.
      expect(polite.requests.some((q) => q.includes("sitemap"))).toBe(false);
    } finally {
      await polite.close();
    }
  });

  it("robots.txt answering 5xx: nothing audited, no page or sitemap fetched, a clear ROBOTS_UNREACHABLE scan error", async () => {
    const r = await runScan({ url: down.url("/"), origin: down.origin, crawlBudget: 5 });
    expect(r.error).toMatchObject({ code: "UPSTREAM_ERROR", message: expect.stringMatching(/robots\.txt answered 503; RFC 9309 §2\.3\.1\.4/) });
    expect(r.pages).toEqual([]);
    expect(down.requests).toEqual(["GET /robots.txt"]);
    expect(r.scan).toMatchObject({ status: "failed", error: { code: "ROBOTS_UNREACHABLE", message: expect.stringMatching(/answered 503.*complete disallow/) } });
    expect(r.scan.summary).toMatchObject({ pages_ok: 0, pages_blocked: 0, robots_note: expect.stringMatching(/503/) });
  });
});

describe("crawlScan: per-template sampling on a generated 500-page site", () => {
  let site: StaticServer;
  // Two layouts that differ in structure only (no text dependence): a product page and a blog post.
  const product = (i: number) => `<!doctype html><html lang="en"><head><title>Product ${i}</title><meta name="description" content="Product ${i}"></head><body><header><nav><a href="/">Home</a></nav></header><main><h1>Product ${i}</h1><div class="gallery"><div><img alt="p${i}" src="data:,"></div>${"<div><img alt='x' src='data:,'></div>".repeat(i % 4)}</div><div class="buy"><form><button>Buy</button></form></div><a href="/product/${i + 1}">next</a></main><footer>f</footer></body></html>`;
  const productAlt = (i: number) => `<!doctype html><html lang="en"><head><title>Product ${i}</title><meta name="description" content="Product ${i}"></head><body><main><h1>Bundle ${i}</h1><section><article><p>bundle</p></article></section><aside>related</aside></main></body></html>`;
  const post = (n: number) => `<!doctype html><html lang="en"><head><title>Post ${n}</title><meta name="description" content="Post ${n}"></head><body><header>blog</header><main><article><h1>Post ${n}</h1>${"<p>text</p>".repeat(1 + (n % 5))}</article><aside><ul><li>tags</li></ul></aside></main><footer>f</footer></body></html>`;
  const postPath = (n: number) => `/blog/2024/01/notes-on-topic-${n}`;
  beforeAll(async () => {
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
    process.env.SITELINT_PAGE_TIMEOUT_MS = "8000";
    process.env.SITELINT_CONCURRENCY = "2";
    resetEnvForTests();
    const routes: Routes = {};
    site = await startStaticServer({ root: os.tmpdir(), routes });
    const paths: string[] = [];
    for (let i = 1; i <= 450; i++) {
      routes[`/product/${i}`] = { body: i === 2 ? productAlt(i) : product(i), headers: { "content-type": "text/html" } };
      paths.push(`/product/${i}`);
    }
    for (let n = 1; n <= 45; n++) {
      routes[postPath(n)] = { body: post(n), headers: { "content-type": "text/html" } };
      paths.push(postPath(n));
    }
    for (const p of ["/about", "/contact", "/pricing"]) {
      routes[p] = { body: page(p.slice(1), ["/"]), headers: { "content-type": "text/html" } };
      paths.push(p);
    }
    routes["/"] = { body: page("Home", ["/about", "/product/1", postPath(1)]), headers: { "content-type": "text/html" } };
    // No robots.txt (404 → allow all) and no Sitemap line: the crawl falls back to /sitemap.xml.
    routes["/sitemap.xml"] = { body: urlset(paths.map((p) => site.url(p))), headers: { "content-type": "application/xml" } };
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("audits ≈ N pages per template (both layouts of one URL pattern), never loads the sampled-out pages, records coverage", async () => {
    const r = await runScan({ url: site.url("/"), origin: site.origin, crawlBudget: 600, options: { per_template: 3 } });
    expect(r.error).toBeUndefined();
    const audited = Object.keys(r.byPath);
    const products = audited.filter((p) => p.startsWith("/product/")).sort((a, b) => Number(a.split("/")[2]) - Number(b.split("/")[2]));
    const posts = audited.filter((p) => p.startsWith("/blog/"));
    // /product/2's layout differs from /product/1's: a second template under /product/:num, so 2 × 3 product pages.
    expect(products).toEqual(["/product/1", "/product/2", "/product/3", "/product/4", "/product/5", "/product/6"]);
    expect(posts).toHaveLength(3);
    expect(audited.filter((p) => !p.startsWith("/product/") && !p.startsWith("/blog/")).sort()).toEqual(["/", "/about", "/contact", "/pricing"]);
    expect(r.summary).toMatchObject({ status: "succeeded", pages_ok: 13 });

    // Sampled-out pages were never requested: 13 documents, plus robots.txt and the sitemap.
    const documentHits = site.requests.filter((q) => q.startsWith("GET /") && !/robots\.txt|sitemap\.xml|favicon/.test(q));
    expect(new Set(documentHits).size).toBe(13);
    expect(site.requests.some((q) => /\/product\/(7|8|9|\d{2,3})$/.test(q))).toBe(false);

    const crawl = r.scan.crawl as CrawlRecord;
    expect(crawl.sampling).toEqual({ per_template: 3, sampled_out: 444 + 42 });
    const templates = crawl.templates;
    const productTemplates = templates.filter((t) => t.pattern === "/product/:num");
    expect(productTemplates.map((t) => [t.audited, t.skipped])).toEqual([[5, 444], [1, 0]]);
    expect(productTemplates[1]!.example_urls).toEqual([site.url("/product/2")]);
    expect(templates.find((t) => t.pattern === "/blog/:num/:num/:slug")).toMatchObject({ audited: 3, skipped: 42 });
    // Every audited page row names its template, and pages of one template share the key.
    expect(r.byPath["/product/1"]!.templateKey).toBe(productTemplates[0]!.key);
    expect(r.byPath["/product/5"]!.templateKey).toBe(productTemplates[0]!.key);
    expect(r.byPath["/product/2"]!.templateKey).toBe(productTemplates[1]!.key);
    expect(r.pages.every((p) => p.templateKey)).toBe(true);
  });
});
