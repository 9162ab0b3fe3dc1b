import os from "node:os";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { createSitemapParser, discoverSitemapUrls, readSitemap, SITEMAP_LIMITS } from "./sitemap";

const net = createNetworkGuard({ policy: { allowlist: ["127.0.0.1"], denylist: [] } });
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
const urlset = (locs: string[]) => `<?xml version="1.0" encoding="UTF-8"?>\n<urlset ${NS}>${locs.map((l) => `<url><loc>${l}</loc><lastmod>2024-01-01</lastmod></url>`).join("\n")}</urlset>`;
const index = (locs: string[]) => `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex ${NS}>${locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`).join("")}</sitemapindex>`;

describe("createSitemapParser (sitemaps.org protocol)", () => {
  it("reads <loc> of <url> and <sitemap> entries, across chunk boundaries, with CDATA and prefixes", () => {
    const p = createSitemapParser(100);
    const xml = `<s:urlset xmlns:s="http://www.sitemaps.org/schemas/sitemap/0.9"><s:url><s:loc> https://x.test/a </s:loc></s:url><s:url><s:loc><![CDATA[https://x.test/b?x=1&y=2]]></s:loc></s:url><s:url><s:image><s:loc>https://x.test/img.png</s:loc></s:image></s:url></s:urlset>`;
    for (let i = 0; i < xml.length; i += 7) p.write(xml.slice(i, i + 7));
    expect(p.close()).toEqual({ kind: "urlset", locs: ["https://x.test/a", "https://x.test/b?x=1&y=2"], truncated: false });
  });

  it("stops at the URL limit, refuses a non-sitemap root, keeps what came before a syntax error, expands no entities", () => {
    const capped = createSitemapParser(2);
    capped.write(urlset(["https://x.test/1", "https://x.test/2", "https://x.test/3"]));
    expect(capped.close()).toMatchObject({ locs: ["https://x.test/1", "https://x.test/2"], truncated: true });

    const html = createSitemapParser(10);
    html.write("<html><body><a href='/x'>x</a></body></html>");
    expect(html.close().error).toMatch(/root element is <html>/);

    const broken = createSitemapParser(10);
    broken.write(`<urlset><url><loc>https://x.test/ok</loc></url><url><loc>https://x.test/two</loc></url><url><loc>&nope;https://x.test/three</loc></url></urlset>`);
    const r = broken.close();
    expect(r.locs).toEqual(["https://x.test/ok", "https://x.test/two"]);
    expect(r.error).toMatch(/not well-formed/);

    const bomb = createSitemapParser(10);
    bomb.write(`<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><urlset><url><loc>https://x.test/&b;</loc></url></urlset>`);
    const b = bomb.close();
    expect(b.locs.join("").length).toBeLessThan(200);
  });
});

describe("discoverSitemapUrls (served sitemaps)", () => {
  let site: StaticServer;
  let other: StaticServer;
  beforeAll(async () => {
    other = await startStaticServer({ root: os.tmpdir(), routes: { "/sitemap.xml": { body: urlset(["http://elsewhere.test/x"]) } } });
    site = await startSite();
  });
  afterAll(async () => Promise.all([site?.close(), other?.close()]));

  /** A server whose routes are built from its own origin (sitemaps hold absolute URLs). */
  async function startSite(): Promise<StaticServer> {
    const routes: Record<string, { body?: string | Uint8Array; status?: number; headers?: Record<string, string> }> = {};
    const s = await startStaticServer({ root: os.tmpdir(), routes });
    const u = (p: string) => s.url(p);
    Object.assign(routes, {
      "/sitemap_index.xml": { body: index([u("/sitemaps/pages.xml"), u("/sitemaps/blog.xml.gz"), u("/sitemaps/nested.xml"), `${other.origin}/sitemap.xml`, u("/sitemaps/missing.xml")]) },
      "/sitemaps/pages.xml": { body: urlset([u("/"), u("/about"), u("/about#team"), "http://elsewhere.test/page", u("/orphan")]) },
      "/sitemaps/blog.xml.gz": { body: gzipSync(urlset([u("/blog/1"), u("/blog/2")])), headers: { "content-type": "application/gzip" } },
      "/sitemaps/nested.xml": { body: index([u("/sitemaps/deep.xml")]) },
      "/sitemaps/deep.xml": { body: index([u("/sitemaps/deeper.xml")]) },
      "/sitemaps/deeper.xml": { body: urlset([u("/too-deep")]) },
      "/encoded.xml": { body: gzipSync(urlset([u("/enc")])), headers: { "content-encoding": "gzip", "content-type": "application/xml" } },
      "/moved.xml": { status: 301, headers: { location: `${other.origin}/sitemap.xml` } },
      "/bomb.xml.gz": { body: gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20)) },
    });
    return s;
  }

  it("follows an index (to depth 2) into plain and gzip sitemaps, keeping same-origin page URLs once", async () => {
    const d = await discoverSitemapUrls({ origin: site.origin, listed: [site.url("/sitemap_index.xml")], net });
    expect(d.urls).toEqual([site.url("/"), site.url("/about"), site.url("/orphan"), site.url("/blog/1"), site.url("/blog/2")]);
    const byUrl = Object.fromEntries(d.sitemaps.map((s) => [new URL(s.url).pathname + (new URL(s.url).origin === site.origin ? "" : "@other"), s]));
    expect(byUrl["/sitemap_index.xml"]).toEqual({ url: site.url("/sitemap_index.xml"), kind: "sitemapindex", urls: 5 });
    expect(byUrl["/sitemaps/pages.xml"]).toMatchObject({ kind: "urlset", urls: 5 });
    expect(byUrl["/sitemaps/blog.xml.gz"]).toMatchObject({ kind: "urlset", urls: 2 });
    expect(byUrl["/sitemap.xml@other"]).toMatchObject({ urls: 0, error: "on another origin; not read" });
    expect(byUrl["/sitemaps/missing.xml"]).toMatchObject({ urls: 0, error: "HTTP 404" });
    // index (0) → nested index (1) → deep index (2): deep's children are beyond the bound.
    expect(byUrl["/sitemaps/deep.xml"]).toMatchObject({ kind: "sitemapindex", error: expect.stringMatching(/nested deeper than 2/) });
    expect(d.urls).not.toContain(site.url("/too-deep"));
    expect(other.requests).toEqual([]);
  });

  it("falls back to /sitemap.xml only when robots.txt lists none and allows it", async () => {
    const d = await discoverSitemapUrls({ origin: site.origin, listed: [], net, isAllowed: () => false });
    expect(d).toEqual({ sitemaps: [], urls: [], truncated: false });
    const before = site.requests.length;
    const fallback = await discoverSitemapUrls({ origin: site.origin, listed: [], net });
    expect(fallback.sitemaps).toEqual([{ url: site.url("/sitemap.xml"), urls: 0, error: "HTTP 404" }]);
    expect(site.requests.slice(before)).toEqual(["GET /sitemap.xml"]);
  });

  it("reads Content-Encoding: gzip, refuses cross-origin redirects, and caps uncompressed size and file count", async () => {
    expect(await readSitemap(site.url("/encoded.xml"), { origin: site.origin, net })).toMatchObject({ kind: "urlset", locs: [site.url("/enc")] });
    expect((await readSitemap(site.url("/moved.xml"), { origin: site.origin, net })).error).toMatch(/redirected to another origin/);
    const small = { ...SITEMAP_LIMITS, maxUncompressedBytes: 1024 * 1024, maxFiles: 2 };
    const bomb = await readSitemap(site.url("/bomb.xml.gz"), { origin: site.origin, net, limits: small });
    expect(bomb).toMatchObject({ truncated: true, error: expect.stringMatching(/larger than 1048576 bytes uncompressed/) });
    const few = await discoverSitemapUrls({ origin: site.origin, listed: [site.url("/sitemap_index.xml")], net, limits: small });
    expect(few.truncated).toBe(true);
    expect(few.sitemaps.filter((s) => new URL(s.url).origin === site.origin)).toHaveLength(2);
  });
});
