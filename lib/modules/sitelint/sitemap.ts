import { Gunzip } from "fflate";
import { SaxesParser } from "saxes";
import type { NetworkGuard } from "@/lib/net/network-guard";
import { isPolicyRefusal } from "@/lib/net/policy-refusal";
import { normalizeCrawlUrl } from "./normalize-url";
import type { HostGate } from "./politeness";
import { ROBOTS_USER_AGENT } from "./robots";

/**
 * Bounds for reading sitemaps, which are hostile input. The per-file limits are the sitemaps.org protocol's own
 * (50 000 URLs and 50 MiB uncompressed per file, https://www.sitemaps.org/protocol.html#index); the rest bound the
 * crawl: files read, index nesting, URLs kept, downloaded bytes and time.
 */
export const SITEMAP_LIMITS = {
  maxUrlsPerFile: 50_000,
  maxUncompressedBytes: 50 * 1024 * 1024,
  /** Compressed bytes downloaded per file. */
  maxDownloadBytes: 50 * 1024 * 1024,
  maxFiles: 50,
  /** Index nesting followed: a root index (0) → sitemaps (1) → one more level (2); deeper indexes are not read. */
  maxDepth: 2,
  /** Same-origin page URLs kept across all files (the crawl's frontier, stored in a durable step's result). */
  maxKeptUrls: 10_000,
  timeoutMsPerFile: 15_000,
  /** Whole discovery, ms. */
  totalTimeoutMs: 60_000,
};
export type SitemapLimits = typeof SITEMAP_LIMITS;

/** One sitemap file read (or not): what `scans.crawl.sitemaps` lists. `urls`: `<loc>` entries it listed. */
export type SitemapRead = { url: string; kind?: "urlset" | "sitemapindex"; urls: number; error?: string };

/** Sitemap discovery outcome, plain JSON (part of the crawl's durable `start` step). */
export type SitemapDiscovery = {
  sitemaps: SitemapRead[];
  /** Same-origin page URLs, normalised, deduplicated, in the order listed. */
  urls: string[];
  /** Some URLs or files were left out by a bound. */
  truncated: boolean;
};

/** What parsing one sitemap file found: its root kind and `<loc>` values (trimmed, as written). */
export type ParsedSitemap = { kind?: "urlset" | "sitemapindex"; locs: string[]; truncated: boolean; error?: string };

class SitemapLimitError extends Error {}
/** Thrown from a saxes handler to stop parsing mid-chunk (saxes keeps going after an error handler returns). */
class StopParsing extends Error {}

/**
 * A streaming sitemap parser (saxes, non-namespace mode; prefixes ignored): `<urlset><url><loc>` and
 * `<sitemapindex><sitemap><loc>` per the sitemaps.org protocol. saxes resolves no external entities and defines no
 * DTD entities, so entity expansion attacks do not apply. Stops at `maxUrls` locs (truncated) or at the first
 * well-formedness error (kept in `error`, locs so far kept).
 */
export function createSitemapParser(maxUrls: number): { write(text: string): void; close(): ParsedSitemap; done(): boolean; result(): ParsedSitemap } {
  const out: ParsedSitemap = { locs: [], truncated: false };
  const parser = new SaxesParser({ xmlns: false, position: false });
  const stack: string[] = [];
  let loc: string | null = null;
  let stopped = false;
  const local = (name: string) => name.slice(name.indexOf(":") + 1).toLowerCase();
  const stop = () => {
    stopped = true;
    throw new StopParsing();
  };
  parser.on("error", (e) => {
    out.error ??= `not well-formed XML: ${e.message.split("\n")[0]!.slice(0, 200)}`;
    stop();
  });
  parser.on("opentag", (t) => {
    const name = local(t.name);
    if (stack.length === 0) {
      if (name === "urlset" || name === "sitemapindex") out.kind = name;
      else {
        out.error = `not a sitemap: the root element is <${t.name.slice(0, 40)}>`;
        stop();
      }
    }
    stack.push(name);
    if (name === "loc" && (stack[stack.length - 2] === "url" || stack[stack.length - 2] === "sitemap")) loc = "";
  });
  const onText = (text: string) => {
    if (loc !== null && loc.length < 4096) loc += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    const name = stack.pop();
    if (name === "loc" && loc !== null) {
      const v = loc.trim();
      loc = null;
      if (!v) return;
      if (out.locs.length >= maxUrls) {
        out.truncated = true;
        stop();
      }
      out.locs.push(v);
    }
  });
  const guarded = (fn: () => void) => {
    if (stopped) return;
    try {
      fn();
    } catch (e) {
      if (!(e instanceof StopParsing)) throw e;
    }
  };
  return {
    write: (text) => guarded(() => parser.write(text)),
    close() {
      guarded(() => parser.close());
      return out;
    },
    done: () => stopped,
    /** What was found so far, without closing (a read cut short by a bound or an error). */
    result: () => out,
  };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Fetch and parse one sitemap through the network guard: redirects followed by hand (≤ 5, each hop policy-checked
 * where its socket opens; the final URL must stay on `origin`), body streamed into the parser, gunzipped with fflate
 * when it starts with the gzip magic bytes (a `.xml.gz` file; a `Content-Encoding: gzip` answer is already decoded by
 * the client), bounded by {@link SITEMAP_LIMITS} (download, uncompressed size, URLs).
 *
 * @returns the parse result; HTTP ≥ 400, a refused or failed connection, or a bound hit yields `error` (never throws).
 */
export async function readSitemap(url: string, o: { origin: string; net: NetworkGuard; gate?: HostGate; limits?: SitemapLimits; signal?: AbortSignal }): Promise<ParsedSitemap> {
  const limits = o.limits ?? SITEMAP_LIMITS;
  const signal = AbortSignal.any([AbortSignal.timeout(limits.timeoutMsPerFile), ...(o.signal ? [o.signal] : [])]);
  const parser = createSitemapParser(limits.maxUrlsPerFile);
  const run = <T>(u: string, fn: () => Promise<T>) => (o.gate ? o.gate.run(u, fn) : fn());
  try {
    let current = url;
    let res;
    for (let hop = 0; ; hop++) {
      const target = current;
      res = await run(target, () => o.net.fetch(target, { redirect: "manual", headers: { "user-agent": `${ROBOTS_USER_AGENT}/0.1`, accept: "application/xml,text/xml,*/*;q=0.5" }, signal }));
      const location = res.headers.get("location");
      if (!REDIRECTS.has(res.status) || !location) break;
      await res.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) return { locs: [], truncated: false, error: `more than ${MAX_REDIRECTS} redirects` };
      current = new URL(location, current).href;
      if (new URL(current).origin !== o.origin) return { locs: [], truncated: false, error: `redirected to another origin (${new URL(current).origin}); not read` };
    }
    if (res.status >= 400 || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return { locs: [], truncated: false, error: `HTTP ${res.status}` };
    }
    const decoder = new TextDecoder("utf-8");
    let inflated = 0;
    const feed = (bytes: Uint8Array) => {
      inflated += bytes.byteLength;
      if (inflated > limits.maxUncompressedBytes) throw new SitemapLimitError(`larger than ${limits.maxUncompressedBytes} bytes uncompressed (sitemaps.org limit); read up to it`);
      parser.write(decoder.decode(bytes, { stream: true }));
    };
    let gunzip: Gunzip | undefined;
    // Bytes held until the first two decide gzip or not; null once decided.
    let head: Uint8Array | null = new Uint8Array(0);
    let downloaded = 0;
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || parser.done()) break;
        downloaded += value.byteLength;
        if (downloaded > limits.maxDownloadBytes) throw new SitemapLimitError(`download larger than ${limits.maxDownloadBytes} bytes; read up to it`);
        let chunk = value;
        if (head !== null) {
          // Decide on the first two bytes: 1f 8b is gzip (RFC 1952 §2.3.1).
          chunk = concat(head, chunk);
          if (chunk.byteLength < 2) {
            head = chunk;
            continue;
          }
          if (chunk[0] === 0x1f && chunk[1] === 0x8b) gunzip = new Gunzip((data) => feed(data));
          head = null;
        }
        // Small pushes bound what one inflate call can produce (deflate expands at most ~1032:1).
        if (gunzip) for (let i = 0; i < chunk.byteLength && !parser.done(); i += 4096) gunzip.push(chunk.subarray(i, i + 4096));
        else feed(chunk);
      }
      if (gunzip && !parser.done()) gunzip.push(new Uint8Array(0), true);
      else if (head !== null && head.byteLength) feed(head);
      parser.write(decoder.decode());
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    return parser.close();
  } catch (e) {
    const partial = parser.result();
    const why =
      e instanceof SitemapLimitError
        ? e.message
        : isPolicyRefusal(e)
          ? "the URL policy refuses its host"
          : e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")
            ? `timed out after ${limits.timeoutMsPerFile} ms`
            : `could not be read: ${(e instanceof Error ? e.message : String(e)).slice(0, 200)}`;
    return { ...partial, truncated: partial.truncated || e instanceof SitemapLimitError, error: e instanceof SitemapLimitError ? why : (partial.error ?? why) };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (!a.byteLength) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

/**
 * Find a site's pages from its sitemaps (sitemaps.org protocol): the robots.txt `Sitemap:` URLs when there are any
 * (RFC 9309 §2.2.4), else `<origin>/sitemap.xml` (when robots.txt allows it). Indexes are followed breadth-first to
 * depth 2, at most 50 files in all; only sitemaps and page URLs on `origin` are kept (a sitemap on another origin is
 * listed with an error and not read). Every request goes through `net` (and `gate` for per-host politeness).
 *
 * @param listed `Sitemap:` URLs from robots.txt, absolute. @param isAllowed robots.txt rules for the fallback URL.
 * @returns files read with their URL counts and errors, and the page URLs (≤ `maxKeptUrls`); never throws.
 */
export async function discoverSitemapUrls(o: { origin: string; listed: string[]; net: NetworkGuard; gate?: HostGate; isAllowed?: (url: string) => boolean; limits?: SitemapLimits }): Promise<SitemapDiscovery> {
  const limits = o.limits ?? SITEMAP_LIMITS;
  const deadline = AbortSignal.timeout(limits.totalTimeoutMs);
  const out: SitemapDiscovery = { sitemaps: [], urls: [], truncated: false };
  const pages = new Set<string>();
  const queued = new Set<string>();
  const queue: { url: string; depth: number }[] = [];
  const enqueue = (raw: string, depth: number) => {
    const url = normalizeCrawlUrl(raw, o.origin);
    if (!url || queued.has(url)) return;
    queued.add(url);
    if (new URL(url).origin !== o.origin) out.sitemaps.push({ url, urls: 0, error: "on another origin; not read" });
    else if (queued.size > limits.maxFiles) out.truncated = true;
    else queue.push({ url, depth });
  };
  if (o.listed.length) o.listed.forEach((u) => enqueue(u, 0));
  else {
    const fallback = new URL("/sitemap.xml", o.origin).href;
    if (o.isAllowed?.(fallback) ?? true) enqueue(fallback, 0);
  }
  while (queue.length) {
    const { url, depth } = queue.shift()!;
    if (deadline.aborted) {
      out.sitemaps.push({ url, urls: 0, error: `not read: sitemap discovery stopped after ${limits.totalTimeoutMs} ms` });
      out.truncated = true;
      continue;
    }
    const parsed = await readSitemap(url, { origin: o.origin, net: o.net, gate: o.gate, limits, signal: deadline });
    out.sitemaps.push({ url, ...(parsed.kind ? { kind: parsed.kind } : {}), urls: parsed.locs.length, ...(parsed.error ? { error: parsed.error } : {}) });
    if (parsed.truncated) out.truncated = true;
    if (parsed.kind === "sitemapindex") {
      if (depth >= limits.maxDepth) {
        out.sitemaps[out.sitemaps.length - 1]!.error ??= `index nested deeper than ${limits.maxDepth}; its sitemaps not read`;
        continue;
      }
      for (const loc of parsed.locs) enqueue(loc, depth + 1);
    } else if (parsed.kind === "urlset") {
      for (const loc of parsed.locs) {
        const page = normalizeCrawlUrl(loc, url);
        if (!page || new URL(page).origin !== o.origin || pages.has(page)) continue;
        if (pages.size >= limits.maxKeptUrls) {
          out.truncated = true;
          break;
        }
        pages.add(page);
      }
    }
  }
  out.urls = [...pages];
  return out;
}
