import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { scans } from "@/drizzle/schema";
import { getDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { JobError, StepTools } from "@/lib/jobs/types";
import { updateJobProgress } from "@/lib/jobs/update-job";
import type { GuardOptions } from "@/lib/net/guarded-lookup";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { getObjectStore } from "@/lib/object-store";
import { auditPage } from "./audit-page";
import { createSessionPool, type BrowserSession } from "./browser-sessions";
import { createScanAuth } from "./auth-profiles/scan-auth";
import { createLinkCache } from "./checks/links";
import { finalizeScan, type ScanSummary } from "./finalize-scan";
import { normalizeCrawlUrl } from "./normalize-url";
import { createHostGate, MAX_RETRY_AFTER_MS } from "./politeness";
import { countScanPages } from "./queries";
import { fetchRobots, parseRobots, type RobotsFetch } from "./robots";
import { resolveScanOptions } from "./scan-options";
import { withSharedBrowser } from "./shared-browser";
import { discoverSitemapUrls, type SitemapDiscovery } from "./sitemap";
import { redirectionTest } from "./checks/observatory/redirection";
import type { ObservatoryTestResult } from "./checks/observatory/types";
import { observatoryFindings } from "./checks/observatory/to-findings";
import { robotsTxtFindings } from "./checks/robots-txt";
import { storePageResult, storeSiteFindings } from "./store-page-result";
import { createTemplateSampler, templateKey, urlPattern } from "./templates";
import { viewportsOf, type PageAuditResult } from "./types";

/** How the crawl found a page (`scan_pages.discovered_via`). */
type Source = "start" | "entry" | "sitemap" | "link";
type PageStepResult = {
  url: string; ok: number; failed: number; blocked: number; findings: number; links: string[];
  finalUrl?: string; skeleton?: string; templateKey?: string; redirects?: number; retried?: number;
};
/** The `start` step's result: robots.txt outcome plus, when read, the sitemaps (absent in results stored before). */
/** The `start` step's result: robots.txt, the sitemaps' URLs, and MDN HTTP Observatory's site-level redirection test
 * (absent in steps memoized before it existed, and when robots.txt is unreachable). */
type StartResult = RobotsFetch & { sitemapDiscovery?: SitemapDiscovery; redirection?: ObservatoryTestResult };

/** Most URLs the frontier remembers (a hostile site can link to endless URLs); further links are dropped. */
const MAX_FRONTIER = 50_000;
/** Most entries of each list kept in `scans.crawl` (templates, blocked pages, redirected pages). */
const MAX_LISTED = 200;

/** Progress of a scan: units done (page × viewport rows stored) of units planned. */
async function writeProgress(db: Db, o: { scanId: string; jobId: string; planned: number; message: string }): Promise<void> {
  const counts = await countScanPages(db, o.scanId);
  const done = counts.ok + counts.failed + counts.blocked;
  await updateJobProgress(db, o.jobId, { done, total: Math.max(o.planned, done), message: o.message });
  await db.update(scans).set({ pagesPlanned: Math.max(o.planned, done) }).where(eq(scans.id, o.scanId));
}

/** Merge keys into `scans.crawl` (other writers — e.g. the site security grade — keep theirs). */
async function mergeCrawlRecord(db: Db, scanId: string, record: Record<string, unknown>): Promise<void> {
  await db.update(scans).set({ crawl: sql`coalesce(${scans.crawl}, '{}'::jsonb) || ${JSON.stringify(record)}::jsonb` }).where(eq(scans.id, scanId));
}

/** The server's `Retry-After` on a blocked (429/503) page, ms, when SiteLint should wait and retry once. */
const retryWaitOf = (r: PageAuditResult): number | undefined => {
  const ms = r.status === "blocked" ? r.metrics?.retry_after_ms : undefined;
  return typeof ms === "number" && ms <= MAX_RETRY_AFTER_MS ? ms : undefined;
};

/**
 * Crawl and audit a scan breadth-first (same origin only), honouring robots.txt, up to `crawl_budget` audited pages,
 * each page in every viewport of the scan's viewport set.
 *
 * - Start URLs: `url`, `entry_paths`, then (option `sitemaps`, default on) the sitemaps' URLs (`discoverSitemapUrls`:
 *   robots.txt `Sitemap:` lines, else `/sitemap.xml`; indexes, gzip); links found on audited pages follow.
 * - robots.txt (RFC 9309): 4xx → allow all; 429/5xx/unreachable → complete disallow (§2.3.1.4): nothing is audited
 *   and the scan fails with `ROBOTS_UNREACHABLE`.
 * - Per-template sampling (`per_template` = N > 0, see `createTemplateSampler`): a page whose URL pattern already has
 *   its quota audited is not loaded (sampled out); the start URL and entry paths always are. Sampled-out pages
 *   contribute no links, so link discovery continues only from audited pages (sitemaps fill the rest).
 * - Politeness per host (`createHostGate`): at most `max_concurrency_per_host` pages in flight, page navigations
 *   `delay_ms` apart (spaced where the request leaves, `runPaced`); a page answering 429/503 with `Retry-After`
 *   ≤ 60 s (RFC 9110 §10.2.3) is retried once after that wait, else recorded `blocked`. Link checks get the same per-host rules (`createLinkCache`); they have a gate
 *   of their own because they run inside a page's slot.
 * - Blocked pages (401/403/429, challenges) are stored `blocked`, apart from failed ones; a scan whose pages were all
 *   blocked fails with `ALL_PAGES_BLOCKED`.
 * - `scans.crawl` records the sitemaps read, URLs by discovery source, template coverage, sampled-out, blocked and
 *   redirected pages; each page row gets `discovered_via`, `template_key` and `redirects`.
 *
 * Every side effect is inside a durable step, so a resumed or replayed job (in-process after a restart, or Inngest
 * re-invoking the function per step) neither re-fetches robots.txt or sitemaps nor re-audits finished pages nor
 * rewrites progress: `start` (scan running, robots.txt, sitemaps), one `page:<url>` step per page (audit, store,
 * progress), `finalize` (summary, crawl record). Finished pages replay their links and skeletons, so the frontier and
 * the sampling decisions are rebuilt identically. A page that fails is recorded with its error and the crawl goes on.
 * Every connection goes through the URL policy where its socket opens (`lib/net`).
 *
 * @param net URL policy (default SiteLint's) and, in tests, a resolver.
 * @returns the scan summary (counts by severity and category).
 * @throws AppError `NOT_FOUND` for an unknown scan; `UPSTREAM_ERROR` when no page could be audited (the scan itself
 *   is already `failed` with `ROBOTS_UNREACHABLE`, `ALL_PAGES_BLOCKED` or `NO_PAGE_LOADED`); infrastructure errors
 *   propagate (the job fails, pages stay).
 */
export async function crawlScan({ scanId, jobId, step, net }: { scanId: string; jobId: string; step: StepTools; net?: GuardOptions }): Promise<ScanSummary & { status: string }> {
  const db = await getDb();
  const env = getEnv();
  const [scan] = await db.select().from(scans).where(eq(scans.id, scanId)).limit(1);
  if (!scan) throw new AppError("NOT_FOUND", `No scan ${scanId}`);
  const guard: GuardOptions = net ?? { policy: env.sitelintUrlPolicy };
  const viewports = viewportsOf(scan.viewportSet);
  const opts = resolveScanOptions(scan.options, env.SITELINT_CONCURRENCY);

  const queue: { url: string; depth: number; via: Source }[] = [];
  const seen = new Set<string>();
  const found: Record<Source, number> = { start: 0, entry: 0, sitemap: 0, link: 0 };
  let frontierTruncated = false;
  const push = (raw: string, depth: number, via: Source) => {
    const url = normalizeCrawlUrl(raw, scan.origin);
    if (!url || new URL(url).origin !== scan.origin || seen.has(url)) return;
    if (seen.size >= MAX_FRONTIER) return void (frontierTruncated = true);
    seen.add(url);
    found[via]++;
    queue.push({ url, depth, via });
  };
  push(scan.url, 0, "start");
  for (const p of scan.entryPaths) push(new URL(p, scan.origin).toString(), 0, "entry");
  let taken = 0;
  const planned = () => Math.min(scan.crawlBudget, taken + queue.length) * viewports.length;
  const addSitemapUrls = (d: SitemapDiscovery | undefined) => d?.urls.forEach((u) => push(u, 0, "sitemap"));

  const start = await step.run("start", async (): Promise<StartResult> => {
    await db.update(scans).set({ status: "running", startedAt: sql`coalesce(${scans.startedAt}, now())` }).where(eq(scans.id, scanId));
    const n = createNetworkGuard(guard);
    try {
      const fetched = await fetchRobots(scan.origin, n);
      const rules = parseRobots(fetched);
      let sitemapDiscovery: SitemapDiscovery | undefined;
      const gate = createHostGate({ maxConcurrent: 1, delayMs: opts.delay_ms });
      if (opts.sitemaps && !rules.unreachable) {
        sitemapDiscovery = await discoverSitemapUrls({ origin: scan.origin, listed: rules.sitemaps, net: n, gate, isAllowed: rules.isAllowed });
        addSitemapUrls(sitemapDiscovery);
        await mergeCrawlRecord(db, scanId, { sitemaps: sitemapDiscovery.sitemaps, sitemap_urls: sitemapDiscovery.urls.length, sitemap_truncated: sitemapDiscovery.truncated });
      }
      // Observatory's redirection test is about the site (http:// → https://), not a page: once per scan.
      const redirection = rules.unreachable ? undefined : await gate.run(scan.origin, () => redirectionTest(n, scan.origin));
      await writeProgress(db, { scanId, jobId, planned: rules.unreachable ? 0 : planned(), message: rules.unreachable ? "robots.txt unreachable" : "starting" });
      return { ...fetched, ...(sitemapDiscovery ? { sitemapDiscovery } : {}), ...(redirection ? { redirection } : {}) };
    } finally {
      await n.close();
    }
  });
  const robots = parseRobots(start);
  addSitemapUrls(start.sitemapDiscovery);
  const redirection = start.redirection ?? null;
  const linkCache = createLinkCache({ maxConcurrentPerHost: opts.max_concurrency_per_host, delayMs: opts.delay_ms });
  const pageGate = createHostGate({ maxConcurrent: opts.max_concurrency_per_host, delayMs: opts.delay_ms });
  const sampler = createTemplateSampler(opts.per_template);
  // The scan's auth profile: decrypted (and a scripted login run) once per run, lazily; never in a step result.
  const auth = createScanAuth({ db, profileId: scan.authProfileId, origin: scan.origin, net: guard, timeoutMs: env.SITELINT_PAGE_TIMEOUT_MS });
  const skipped: string[] = [];
  const audited: Record<Source, number> = { start: 0, entry: 0, sitemap: 0, link: 0 };
  const blockedPages: string[] = [];
  const redirected: { url: string; final_url: string; hops: number }[] = [];
  let retries = 0;

  // Consecutive pages reuse a browser session per worker and viewport, except in `deep`, whose performance figures
  // need a cold cache and a fresh renderer per page (as Lighthouse measures).
  const sessions = scan.profile === "deep" ? undefined : createSessionPool({ net: guard, timeoutMs: env.SITELINT_PAGE_TIMEOUT_MS });
  const auditOnce = (url: string, viewport: (typeof viewports)[number]) =>
    // delay_ms spaces the navigations themselves (what the server sees), not the set-up before them.
    pageGate.runPaced(url, (ready) =>
      withSharedBrowser(async (browser) => {
        const applied = await auth(browser);
        const audit = (session?: BrowserSession) =>
          auditPage({ browser, url, viewport, profile: scan.profile, timeoutMs: env.SITELINT_PAGE_TIMEOUT_MS, objectStore: getObjectStore(), linkCache, net: guard, robotsTxt: start, auth: applied, session, beforeNavigate: ready });
        // A failed login fails the page without a browser session (auditPage returns before using one).
        return sessions && !applied?.failure ? sessions.use(browser, viewport, applied, audit) : audit();
      }),
    );

  type Planned = { url: string; depth: number; via: Source };
  const runPage = ({ url, depth, via }: Planned, plannedNow: number) =>
    step.run(`page:${url}`, async (): Promise<PageStepResult> => {
      const out: PageStepResult = { url, ok: 0, failed: 0, blocked: 0, findings: 0, links: [], redirects: 0, retried: 0 };
      const links = new Set<string>();
      for (const viewport of viewports) {
        let r = await auditOnce(url, viewport);
        const wait = retryWaitOf(r);
        if (wait !== undefined) {
          // RFC 9110 §10.2.3: the server said when to come back; hold the host, then ask once more.
          pageGate.pause(url, wait);
          r = await auditOnce(url, viewport);
          out.retried!++;
        }
        if (viewport === viewports[0]) Object.assign(out, { skeleton: r.skeleton, finalUrl: r.finalUrl, redirects: r.redirects?.length ?? 0 });
        out.templateKey ??= templateKey(urlPattern(url), out.skeleton);
        out.findings += await storePageResult(db, scanId, depth, r, { discoveredVia: via, templateKey: out.templateKey });
        out[r.status]++;
        r.links.forEach((l) => links.add(l));
      }
      out.links = [...links];
      await writeProgress(db, { scanId, jobId, planned: plannedNow, message: `audited ${new URL(url).pathname}` });
      return out;
    }).then((r) => ({ ...r, depth, via }));
  const applyPage = (r: Awaited<ReturnType<typeof runPage>>) => {
    sampler.record(r.url, r.skeleton);
    audited[r.via]++;
    retries += r.retried ?? 0;
    if (r.blocked > 0 && blockedPages.length < MAX_LISTED) blockedPages.push(r.url);
    if (r.redirects && r.finalUrl && redirected.length < MAX_LISTED) redirected.push({ url: r.url, final_url: r.finalUrl, hops: r.redirects });
    // The final URL of a redirect is the same page: do not audit it again when a link names it.
    const final = r.finalUrl && normalizeCrawlUrl(r.finalUrl, scan.origin);
    if (final) seen.add(final);
    for (const l of r.links) push(l, r.depth + 1, "link");
  };

  // A sliding window over the frontier: pages start in frontier order and their results are applied in that same
  // order, whatever order they finish in, so every admission decision (robots, sampling, budget) is taken on a state
  // that depends on the results alone — a replayed crawl rebuilds the same frontier. A page the template sampler
  // cannot decide on yet (its pattern's quota is held by pages in flight) waits at the head of the queue for their
  // results. The window holds twice as many pages as the host gate lets run, so a slot that frees up starts the next
  // page at once instead of waiting for a slower page started before it.
  const window = opts.max_concurrency_per_host * 2;
  const inFlight: Promise<Awaited<ReturnType<typeof runPage>>>[] = [];
  const fill = () => {
    while (!robots.unreachable && inFlight.length < window && queue.length && taken < scan.crawlBudget) {
      const next = queue[0]!;
      const force = next.via === "start" || next.via === "entry";
      const allowed = robots.isAllowed(next.url);
      if (allowed && sampler.undecided(next.url, { force })) return;
      queue.shift();
      if (!allowed) skipped.push(next.url);
      else if (sampler.admit(next.url, { force })) {
        taken++;
        const p = runPage(next, planned());
        p.catch(() => {}); // awaited in order below; a failure ahead of it must not make this one unhandled
        inFlight.push(p);
      }
    }
  };
  try {
    for (fill(); inFlight.length; fill()) applyPage(await inFlight.shift()!);
  } catch (e) {
    // An infrastructure failure (e.g. the database) fails the job: let the pages in flight finish first, so none is
    // cut off mid-write and the sessions are not closed under them.
    await Promise.allSettled(inFlight);
    throw e;
  } finally {
    await sessions?.close();
  }
  const summary = await step.run("finalize", async () => {
    await mergeCrawlRecord(db, scanId, {
      robots: { found: robots.found, status: robots.status ?? null, unreachable: robots.unreachable, note: robots.note ?? null, skipped: skipped.length },
      urls_by_source: found,
      audited_by_source: audited,
      frontier_truncated: frontierTruncated,
      not_reached: queue.length,
      sampling: { per_template: opts.per_template, sampled_out: sampler.sampledOut() },
      templates: sampler.coverage().slice(0, MAX_LISTED),
      blocked_pages: blockedPages,
      redirected_pages: redirected,
      politeness: { max_concurrency_per_host: opts.max_concurrency_per_host, delay_ms: opts.delay_ms, retry_after_retries: retries },
    });
    // Site-level findings (robots.txt validity, Lighthouse `robots-txt`; Observatory `redirection`) before the summary counts.
    await storeSiteFindings(db, scanId, start.url, robotsTxtFindings(start));
    if (redirection) await storeSiteFindings(db, scanId, redirectionUrl(scan.origin), observatoryFindings([redirection]));
    const s = await finalizeScan(db, scanId, { robotsSkipped: skipped, robotsNote: robots.note ?? null, robotsUnreachable: robots.unreachable }, { redirection });
    const counts = await countScanPages(db, scanId);
    const done = counts.ok + counts.failed + counts.blocked;
    await updateJobProgress(db, jobId, { done, total: done, message: `finished: ${s.pages_ok} page(s) ok, ${s.pages_failed} failed, ${s.pages_blocked} blocked` });
    return s;
  });
  if (summary.status === "failed") {
    throw new AppError("UPSTREAM_ERROR", robots.unreachable ? (robots.note ?? "robots.txt could not be read; nothing was audited.") : "No page of the site could be audited; see sitelint_get_scan for each page's error.");
  }
  return summary;
}

/**
 * Mark a scan failed once its job has failed for good (the job definition's `onFailure`): keeps its pages and
 * findings, and never overwrites a final status — a scan `finalize` already closed (e.g. `NO_PAGE_LOADED`) keeps its
 * own error.
 */
export async function failScan(db: Db, scanId: string, error: JobError): Promise<void> {
  await db
    .update(scans)
    .set({ status: "failed", finishedAt: new Date(), error })
    .where(and(eq(scans.id, scanId), inArray(scans.status, ["queued", "running"])));
}

/** The URL Observatory's redirection test starts from: the origin's host over plain `http://`, path `/`. */
function redirectionUrl(origin: string): string {
  const u = new URL(origin);
  u.protocol = "http:";
  u.pathname = "/";
  return u.href;
}
