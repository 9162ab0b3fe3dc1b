import "server-only";
import { eq, sql } from "drizzle-orm";
import { scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { updateJobProgress } from "@/lib/jobs/update-job";
import type { StepTools } from "@/lib/jobs/types";
import { getObjectStore } from "@/lib/object-store";
import { auditPage } from "./audit-page";
import { withSharedBrowser } from "./shared-browser";
import { finalizeScan, type ScanSummary } from "./finalize-scan";
import { normalizeCrawlUrl } from "./normalize-url";
import { loadRobots } from "./robots";
import { storePageResult } from "./store-page-result";
import { viewportsOf } from "./types";

type PageStepResult = { url: string; ok: number; failed: number; findings: number; links: string[] };

/**
 * Crawl and audit a scan breadth-first (same origin only), honouring robots.txt, up to `crawl_budget` pages, each page
 * in every viewport of the scan's viewport set. Each page is one durable step: its findings are stored inside the step
 * and its result (links found) is memoized, so a resumed job replays finished pages instead of re-scanning them and
 * rebuilds the same frontier. Progress (pages × viewports done / planned) is written as each page finishes.
 * A page that fails is recorded with its error and the crawl goes on.
 *
 * @returns the scan summary (counts by severity and category).
 * @throws AppError `NOT_FOUND` for an unknown scan; infrastructure errors propagate (the job fails, pages stay).
 */
export async function crawlScan({ scanId, jobId, step }: { scanId: string; jobId: string; step: StepTools }): Promise<ScanSummary & { status: string }> {
  const db = await getDb();
  const env = getEnv();
  const [scan] = await db.select().from(scans).where(eq(scans.id, scanId)).limit(1);
  if (!scan) throw new AppError("NOT_FOUND", `No scan ${scanId}`);
  try {
    await db.update(scans).set({ status: "running", startedAt: sql`coalesce(${scans.startedAt}, now())` }).where(eq(scans.id, scanId));
    const viewports = viewportsOf(scan.viewportSet);
    const robots = await loadRobots(scan.origin);
    const urlPolicy = { allowlist: env.SITELINT_URL_ALLOWLIST, denylist: env.SITELINT_URL_DENYLIST };
    const linkCache = new Map();

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

    const skipped: string[] = [];
    let taken = 0;
    let done = 0;
    const planned = () => Math.min(scan.crawlBudget, taken + queue.length) * viewports.length;
    const report = async (message: string) => {
      await updateJobProgress(db, jobId, { done, total: planned(), message });
      await db.update(scans).set({ pagesPlanned: planned() }).where(eq(scans.id, scanId));
    };
    await report("starting");

    while (queue.length && taken < scan.crawlBudget) {
      const batch: { url: string; depth: number }[] = [];
      while (queue.length && batch.length < env.SITELINT_CONCURRENCY && taken + batch.length < scan.crawlBudget) {
        const next = queue.shift()!;
        if (robots.isAllowed(next.url)) batch.push(next);
        else skipped.push(next.url);
      }
      taken += batch.length;
      const results = await Promise.all(
        batch.map(({ url, depth }) =>
          step
            .run(`page:${url}`, async (): Promise<PageStepResult> => {
              const out: PageStepResult = { url, ok: 0, failed: 0, findings: 0, links: [] };
              const links = new Set<string>();
              for (const viewport of viewports) {
                const r = await withSharedBrowser((browser) =>
                  auditPage({ browser, url, viewport, profile: scan.profile, timeoutMs: env.SITELINT_PAGE_TIMEOUT_MS, objectStore: getObjectStore(), linkCache, urlPolicy }),
                );
                out.findings += await storePageResult(db, scanId, depth, r);
                if (r.status === "ok") out.ok++;
                else out.failed++;
                r.links.forEach((l) => links.add(l));
              }
              out.links = [...links];
              return out;
            })
            .then(async (r) => {
              done += viewports.length;
              await report(`audited ${new URL(url).pathname}`);
              return { ...r, depth };
            }),
        ),
      );
      for (const r of results) for (const l of r.links) push(l, r.depth + 1);
    }
    const summary = await finalizeScan(db, scanId, skipped);
    await updateJobProgress(db, jobId, { done, total: done, message: `finished: ${summary.pages_ok} page(s) ok, ${summary.pages_failed} failed` });
    if (summary.status === "failed") throw new AppError("UPSTREAM_ERROR", "No page of the site could be audited; see sitelint_get_scan for each page's error.");
    return summary;
  } catch (e) {
    await db
      .update(scans)
      .set({ status: "failed", finishedAt: new Date(), error: { code: e instanceof AppError ? e.code : "JOB_FAILED", message: (e as Error).message } })
      .where(eq(scans.id, scanId));
    throw e;
  }
}
