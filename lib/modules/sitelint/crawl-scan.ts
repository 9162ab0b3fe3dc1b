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
import { finalizeScan, type ScanSummary } from "./finalize-scan";
import { normalizeCrawlUrl } from "./normalize-url";
import { countScanPages } from "./queries";
import { fetchRobots, parseRobots } from "./robots";
import { withSharedBrowser } from "./shared-browser";
import { storePageResult } from "./store-page-result";
import { viewportsOf } from "./types";

type PageStepResult = { url: string; ok: number; failed: number; findings: number; links: string[] };

/** Progress of a scan: units done (page × viewport rows stored) of units planned. */
async function writeProgress(db: Db, o: { scanId: string; jobId: string; planned: number; message: string }): Promise<void> {
  const counts = await countScanPages(db, o.scanId);
  const done = counts.ok + counts.failed;
  await updateJobProgress(db, o.jobId, { done, total: Math.max(o.planned, done), message: o.message });
  await db.update(scans).set({ pagesPlanned: Math.max(o.planned, done) }).where(eq(scans.id, o.scanId));
}

/**
 * Crawl and audit a scan breadth-first (same origin only), honouring robots.txt, up to `crawl_budget` pages, each page
 * in every viewport of the scan's viewport set. Every side effect is inside a durable step, so a resumed or replayed
 * job (in-process after a restart, or Inngest re-invoking the function per step) neither re-fetches robots.txt nor
 * re-audits finished pages nor rewrites progress: `start` (scan running, robots.txt), one `page:<url>` step per page
 * (audit, store, progress), `finalize` (summary). Finished pages replay their links, so the frontier is rebuilt
 * identically. A page that fails is recorded with its error and the crawl goes on. Every connection goes through the
 * URL policy where its socket opens (`lib/net`).
 *
 * @param net URL policy (default SiteLint's) and, in tests, a resolver.
 * @returns the scan summary (counts by severity and category).
 * @throws AppError `NOT_FOUND` for an unknown scan; `UPSTREAM_ERROR` when no page could be audited (the scan itself
 *   is already `failed` with `NO_PAGE_LOADED`); infrastructure errors propagate (the job fails, pages stay).
 */
export async function crawlScan({ scanId, jobId, step, net }: { scanId: string; jobId: string; step: StepTools; net?: GuardOptions }): Promise<ScanSummary & { status: string }> {
  const db = await getDb();
  const env = getEnv();
  const [scan] = await db.select().from(scans).where(eq(scans.id, scanId)).limit(1);
  if (!scan) throw new AppError("NOT_FOUND", `No scan ${scanId}`);
  const guard: GuardOptions = net ?? { policy: env.sitelintUrlPolicy };
  const viewports = viewportsOf(scan.viewportSet);

  const queue: { url: string; depth: number }[] = [];
  const seen = new Set<string>();
  const push = (raw: string, depth: number) => {
    const url = normalizeCrawlUrl(raw, scan.origin);
    if (!url || new URL(url).origin !== scan.origin || seen.has(url)) return;
    seen.add(url);
    queue.push({ url, depth });
  };
  push(scan.url, 0);
  for (const p of scan.entryPaths) push(new URL(p, scan.origin).toString(), 0);
  let taken = 0;
  const planned = () => Math.min(scan.crawlBudget, taken + queue.length) * viewports.length;

  const robotsFetch = await step.run("start", async () => {
    await db.update(scans).set({ status: "running", startedAt: sql`coalesce(${scans.startedAt}, now())` }).where(eq(scans.id, scanId));
    const n = createNetworkGuard(guard);
    try {
      const fetched = await fetchRobots(scan.origin, n);
      await writeProgress(db, { scanId, jobId, planned: planned(), message: "starting" });
      return fetched;
    } finally {
      await n.close();
    }
  });
  const robots = parseRobots(robotsFetch);
  const linkCache = new Map();
  const skipped: string[] = [];

  while (queue.length && taken < scan.crawlBudget) {
    const batch: { url: string; depth: number }[] = [];
    while (queue.length && batch.length < env.SITELINT_CONCURRENCY && taken + batch.length < scan.crawlBudget) {
      const next = queue.shift()!;
      if (robots.isAllowed(next.url)) batch.push(next);
      else skipped.push(next.url);
    }
    taken += batch.length;
    const plannedNow = planned();
    const results = await Promise.all(
      batch.map(({ url, depth }) =>
        step.run(`page:${url}`, async (): Promise<PageStepResult> => {
          const out: PageStepResult = { url, ok: 0, failed: 0, findings: 0, links: [] };
          const links = new Set<string>();
          for (const viewport of viewports) {
            const r = await withSharedBrowser((browser) =>
              auditPage({ browser, url, viewport, profile: scan.profile, timeoutMs: env.SITELINT_PAGE_TIMEOUT_MS, objectStore: getObjectStore(), linkCache, net: guard }),
            );
            out.findings += await storePageResult(db, scanId, depth, r);
            if (r.status === "ok") out.ok++;
            else out.failed++;
            r.links.forEach((l) => links.add(l));
          }
          out.links = [...links];
          await writeProgress(db, { scanId, jobId, planned: plannedNow, message: `audited ${new URL(url).pathname}` });
          return out;
        }).then((r) => ({ ...r, depth })),
      ),
    );
    for (const r of results) for (const l of r.links) push(l, r.depth + 1);
  }
  const summary = await step.run("finalize", async () => {
    const s = await finalizeScan(db, scanId, { robotsSkipped: skipped, robotsNote: robots.note ?? null });
    const counts = await countScanPages(db, scanId);
    const done = counts.ok + counts.failed;
    await updateJobProgress(db, jobId, { done, total: done, message: `finished: ${s.pages_ok} page(s) ok, ${s.pages_failed} failed` });
    return s;
  });
  if (summary.status === "failed") throw new AppError("UPSTREAM_ERROR", "No page of the site could be audited; see sitelint_get_scan for each page's error.");
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
