import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalObjectStore } from "@/lib/object-store/local";
import type { ObjectStore } from "@/lib/object-store/types";
import { auditPage, type AuditPageOptions } from "./audit-page";
import { createSessionPool, type SessionPool } from "./browser-sessions";
import { closeSharedBrowser, withSharedBrowser } from "./shared-browser";
import { A11Y_TESTER_WCAG_VIOLATIONS, corpusDir, pngSize } from "@/e2e/support/corpus";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import type { FindingDraft } from "./types";

const corpus = corpusDir();
const ids = (f: FindingDraft[], pred: (x: FindingDraft) => boolean = () => true) => f.filter(pred).map((x) => x.ruleId);
const isAxe = (f: FindingDraft) => f.sourceTool === "axe-core";


const LINKS_PAGE = (other: string) => `<!doctype html><html lang="en"><head><title>Links</title>
<meta name="description" content="Link test page"></head><body><h1>Links</h1>
<a href="/simple-page.html">ok</a> <a href="/missing-page.html"> Gone   page </a> <a href="/simple-page.html#top">dup</a>
<a href="mailto:a@b.test">mail</a> <a href="javascript:void(0)">js</a> <a href="https://example.com/">external</a>
<map name="m"><area href="/seo/seo-tester.html" alt="area link"></map><img src="/nope.png" alt="broken image">
<img src="${other}/private.png" alt="policy-blocked image">
<script>console.error("boom from test"); setTimeout(() => { throw new TypeError("uncaught in test"); });</script>
</body></html>`;

// Every case runs twice: with a fresh context per audit, and through one pool of reused browser sessions (as a crawl
// runs it), where each audit follows the previous one in the same page.
describe.skipIf(!corpus).each(["fresh context", "reused session"] as const)("auditPage (real Chromium, Lighthouse corpus, %s)", (mode) => {
  let site: StaticServer;
  let pool: SessionPool | undefined;
  let other: StaticServer;
  let store: ObjectStore;
  let userAgents: string[];
  let policy: AuditPageOptions["net"]["policy"];
  const audit = (o: Pick<AuditPageOptions, "url"> & Partial<AuditPageOptions>) =>
    withSharedBrowser((browser) => {
      const options: AuditPageOptions = { browser, viewport: "desktop", profile: "quick", objectStore: store, net: { policy }, timeoutMs: 15_000, ...o };
      // `deep` never reuses a session (cold cache per page), as in a crawl.
      return pool && options.profile !== "deep" ? pool.use(browser, options.viewport, undefined, (session) => auditPage({ ...options, session })) : auditPage(options);
    });

  beforeAll(async () => {
    userAgents = [];
    store = createLocalObjectStore(await fs.mkdtemp(path.join(os.tmpdir(), "oa-sitelint-")));
    other = await startStaticServer({ root: os.tmpdir(), routes: { "/landing.html": { body: "<title>elsewhere</title>" } } });
    site = await startStaticServer({
      root: path.join(corpus!, "sites/lighthouse"),
      routes: {
        "/links.html": { body: LINKS_PAGE(other.origin), headers: { "content-type": "text/html" } },
        "/hardened.html": {
          body: "<!doctype html><html lang='en'><title>Hardened</title><meta name='description' content='x'><h1>Hi</h1>",
          headers: {
            "content-type": "text/html", "content-security-policy": "default-src 'self'; frame-ancestors 'none'", "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer", "x-robots-tag": "noindex", link: "<http://127.0.0.1/hardened.html>; rel=\"canonical\"",
          },
        },
        "/ua.html": (req, res) => {
          userAgents.push(String(req.headers["user-agent"]));
          res.setHeader("content-type", "text/html");
          res.end("<!doctype html><html lang='en'><meta name='viewport' content='width=device-width'><title>UA</title><h1>UA</h1>");
        },
        "/hang.html": { delayMs: Infinity },
        "/redirect-out.html": { status: 302, headers: { location: `${other.origin}/landing.html` } },
      },
    });
    // Loopback is refused by default (SSRF rules); allow this test server, deny the "other" one by port.
    policy = { allowlist: ["127.0.0.1"], denylist: [`127.0.0.1:${new URL(other.origin).port}`] };
    if (mode === "reused session") pool = createSessionPool({ net: { policy }, timeoutMs: 15_000 });
  });
  afterAll(async () => {
    await pool?.close();
    await closeSharedBrowser();
    await Promise.all([site?.close(), other?.close()]);
  });

  it("reports axe WCAG violations on a11y_tester.html with screenshot, evidence and severities", async () => {
    const started = Date.now();
    const r = await audit({ url: site.url("/a11y/a11y_tester.html") });
    console.info(`a11y_tester.html quick audit: ${Date.now() - started} ms (loadMs ${r.loadMs})`);
    expect(r).toMatchObject({ status: "ok", httpStatus: 200, viewport: "desktop", finalUrl: site.url("/a11y/a11y_tester.html") });
    expect(r.error).toBeUndefined();
    expect(r.title).toBeUndefined();
    const axeIds = ids(r.findings, isAxe);
    expect(axeIds).toEqual(expect.arrayContaining(A11Y_TESTER_WCAG_VIOLATIONS));
    expect(axeIds).toEqual(expect.arrayContaining(["image-alt", "color-contrast", "html-has-lang"]));
    // Quick: violations only (needs-review starts at standard); Lighthouse's named best-practice rules run in every profile.
    expect(r.findings.filter(isAxe).every((f) => !f.tags.includes("needs-review"))).toBe(true);
    expect(axeIds).toEqual(expect.arrayContaining(["heading-order", "landmark-one-main"]));
    expect(r.findings.find((f) => f.ruleId === "image-alt")?.refs).toEqual({ axe: ["image-alt"], wcag: ["1.1.1"], lighthouse: ["image-alt"] });
    const imageAlt = r.findings.find((f) => f.ruleId === "image-alt")!;
    expect(imageAlt).toMatchObject({
      category: "accessibility", severity: "critical", confidence: 0.9, selector: "#image-alt", sourceTool: "axe-core",
      helpUrl: expect.stringContaining("dequeuniversity.com/rules/axe/"), tags: expect.arrayContaining(["wcag2a", "wcag111"]),
      evidence: { nodeCount: 1, nodes: [{ target: "#image-alt", html: expect.stringContaining("<img"), failureSummary: expect.any(String) }] },
    });
    expect(r.findings.find((f) => f.ruleId === "color-contrast")).toMatchObject({ severity: "high", selector: "#color-contrast" });
    expect(r.findings.find((f) => f.ruleId === "seo-h1")?.title).toBe("Page has 2 <h1> elements");
    expect(r.links).toEqual([site.url("/a11y/a11y_tester.html"), site.url("/a11y/google.com")]);
    // Quick profile: no console/link findings, but diagnostics are still collected.
    expect(ids(r.findings)).not.toContain("failed-request");
    expect(r.diagnostics.failedRequests).toEqual([{ url: site.url("/a11y/bogus.jpg"), error: "HTTP 404" }]);
    const png = await store.get(r.screenshotRef!);
    expect(pngSize(png)).toEqual({ width: 1366, height: 900 });
  });

  it("deep profile reports needs-review results as info, kept apart from violations", async () => {
    const r = await audit({ url: site.url("/a11y/a11y_tester.html"), profile: "deep" });
    expect(ids(r.findings, isAxe)).toEqual(expect.arrayContaining(["heading-order", "skip-link", "tabindex", "landmark-one-main"]));
    // Lighthouse disables axe's `region` rule; so does SiteLint.
    expect(ids(r.findings, isAxe)).not.toContain("region");
    const review = r.findings.filter((f) => f.tags.includes("needs-review"));
    expect(review.map((f) => f.ruleId)).toEqual(expect.arrayContaining(["duplicate-id-aria", "video-caption"]));
    expect(review.every((f) => f.severity === "info" && f.confidence === 0.5 && f.sourceTool === "axe-core")).toBe(true);
    expect(r.findings.filter((f) => isAxe(f) && !f.tags.includes("needs-review")).every((f) => f.severity !== "info")).toBe(true);
    // Deep includes standard: the tester's own broken <img> and relative "google.com" link are reported.
    expect(ids(r.findings)).toEqual(expect.arrayContaining(["failed-request", "broken-link"]));
  });

  it("finds the SEO failures of seo-failure-cases.html (no title/description/lang, off-site canonical, meta noindex)", async () => {
    const r = await audit({ url: site.url("/seo/seo-failure-cases.html") });
    const seo = r.findings.filter((f) => f.category === "seo");
    // <html lang> is axe's (html-has-lang); the rest are Lighthouse's SEO audits.
    expect(ids(seo).sort()).toEqual(["seo-canonical", "seo-crawlable-anchors", "seo-hreflang", "seo-link-text", "seo-meta-description", "seo-noindex", "seo-title"]);
    expect(seo.find((f) => f.ruleId === "seo-meta-description")?.title).toBe("Document has no meta description");
    expect(seo.find((f) => f.ruleId === "seo-noindex")).toMatchObject({
      severity: "high", evidence: { sources: [{ source: '<meta name="robots">', value: "nofollow, NOINDEX, all" }] },
    });
    expect(seo.find((f) => f.ruleId === "seo-canonical")).toMatchObject({ severity: "medium", description: "canonical points to another host (example.com)" });
    expect(ids(r.findings, isAxe).sort()).toEqual(["document-title", "html-has-lang", "landmark-one-main"]);
    // Off-origin and javascript: anchors are not crawl links.
    expect(r.links).toEqual([site.url("/test.html")]);
  });

  it("reads security and robots headers from the real response", async () => {
    const r = await audit({ url: site.url("/hardened.html") });
    // Security: every MDN HTTP Observatory test passes except HSTS, which plain HTTP cannot have.
    expect(ids(r.findings, (f) => f.category === "security")).toEqual(["header-hsts"]);
    expect(r.findings.find((f) => f.ruleId === "header-hsts")).toMatchObject({ severity: "high", refs: { observatory: ["strict-transport-security"] }, evidence: { observatory: { result: "hsts-not-implemented-no-https" } } });
    expect(r.metrics?.security).toMatchObject({ score: 80, grade: "B+" });
    expect(ids(r.findings, (f) => f.category !== "security").sort()).toEqual(["landmark-one-main", "seo-noindex"]);
    expect(r.findings[0]?.evidence).toEqual({ sources: [{ source: "X-Robots-Tag header", value: "noindex" }] });
  });

  it("standard profile: broken same-origin links, console errors, failed and policy-blocked requests", async () => {
    const r = await audit({ url: site.url("/links.html"), profile: "standard", linkCache: new Map() });
    expect(r.status).toBe("ok");
    expect(r.links).toEqual([site.url("/simple-page.html"), site.url("/missing-page.html"), site.url("/seo/seo-tester.html")]);
    const broken = r.findings.filter((f) => f.ruleId === "broken-link");
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({
      severity: "medium", selector: 'a[href="/missing-page.html"]',
      evidence: { target: site.url("/missing-page.html"), status: 404, text: "Gone page" },
    });
    const consoleErr = r.findings.find((f) => f.ruleId === "console-error");
    expect(consoleErr?.evidence?.messages).toEqual([expect.stringContaining("boom from test"), "Uncaught TypeError: uncaught in test"]);
    const failed = r.findings.find((f) => f.ruleId === "failed-request");
    expect(failed?.evidence).toEqual({ requests: [{ url: site.url("/nope.png"), error: "HTTP 404" }], total: 1 });
    // The image on the denied server was never fetched, and is a diagnostic, not the site's failure.
    expect(r.diagnostics.failedRequests).toContainEqual({ url: `${other.origin}/private.png`, error: expect.stringMatching(/blocked by URL policy/) });
    expect(other.requests).not.toContain("GET /private.png");
  });

  it("emulates the mobile viewport and identifies itself in the User-Agent", async () => {
    const r = await audit({ url: site.url("/ua.html"), viewport: "mobile" });
    expect(r.viewport).toBe("mobile");
    expect(pngSize(await store.get(r.screenshotRef!))).toEqual({ width: 780, height: 1688 });
    expect(userAgents.at(-1)).toMatch(/^Mozilla\/5\.0 \(Linux; Android 10; K\).* Chrome\/\d+\.0\.0\.0 Mobile Safari\/537\.36 OmniAuditBot\/0\.1$/);
  });

  it("beforeNavigate runs just before the navigation, and its wait does not count against the audit's deadline", async () => {
    const before = userAgents.length;
    let requestsAtReady = -1;
    // timeoutMs 1,000 → a 3,000 ms deadline; the politeness wait alone is longer.
    const r = await audit({ url: site.url("/ua.html"), timeoutMs: 1_000, beforeNavigate: async () => {
      requestsAtReady = userAgents.length;
      await new Promise((res) => setTimeout(res, 3_500));
    } });
    expect(r.status).toBe("ok");
    expect(requestsAtReady).toBe(before);
    expect(userAgents.length).toBe(before + 1);
  });

  it("audits a 404 document as ok with an http-status finding", async () => {
    const r = await audit({ url: site.url("/no-such-page.html") });
    expect(r).toMatchObject({ status: "ok", httpStatus: 404 });
    expect(r.findings.find((f) => f.ruleId === "http-status")).toMatchObject({ category: "seo", severity: "high" });
  });

  it("returns failed results instead of throwing: refused connection, no response, timeout, URL policy, redirect to a refused host", async () => {
    const closed = await startStaticServer({ root: os.tmpdir() });
    await closed.close();
    const refused = await audit({ url: closed.url("/") });
    expect(refused).toMatchObject({ status: "failed", error: { code: "PAGE_ERROR", message: expect.stringContaining("ERR_CONNECTION_REFUSED") }, links: [], findings: [] });

    // The server accepts the connection and closes it without answering: the proxy's 595 is a network error, not a page.
    const dropping = await startStaticServer({ root: os.tmpdir(), routes: { "/": (req) => void req.socket.destroy() } });
    try {
      const empty = await audit({ url: dropping.url("/") });
      expect(empty).toMatchObject({ status: "failed", error: { code: "PAGE_ERROR", message: expect.stringContaining("ERR_EMPTY_RESPONSE") }, findings: [] });
      expect(empty.httpStatus).toBeUndefined();
    } finally {
      await dropping.close();
    }

    const started = Date.now();
    const hung = await audit({ url: site.url("/hang.html"), timeoutMs: 1_500 });
    expect(hung).toMatchObject({ status: "failed", error: { code: "PAGE_TIMEOUT" } });
    expect(Date.now() - started).toBeLessThan(6_000);

    const denied = await audit({ url: site.url("/simple-page.html"), net: { policy: { allowlist: [], denylist: [] } } });
    expect(denied).toMatchObject({ status: "failed", error: { code: "URL_NOT_ALLOWED" } });

    const redirected = await audit({ url: site.url("/redirect-out.html") });
    expect(redirected).toMatchObject({ status: "failed", error: { code: "URL_NOT_ALLOWED" } });
    expect(redirected.screenshotRef).toBeUndefined();
  });
});
