// Test support (not used by the app): run a real SiteLint scan of a local site in-process, as crawl-scan.test.ts does.
import { eq } from "drizzle-orm";
import { jobs, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { createMemoStep } from "@/lib/jobs/memo-step";
import { crawlScan } from "../crawl-scan";
import type { ScanProfile, ViewportSet } from "../types";

/**
 * Record a scan of `url` and crawl it to the end (real Chromium through the shared browser; the caller allows the
 * site's host in SITELINT_URL_ALLOWLIST and closes the shared browser afterwards).
 * @returns the scan id (the scan is final when this resolves).
 */
export async function runFixtureScan(o: { url: string; crawlBudget: number; profile?: ScanProfile; viewportSet?: ViewportSet; baselineScanId?: string }): Promise<string> {
  const db = await getDb();
  const jobId = newId("job");
  const scanId = newId("scan");
  const url = new URL(o.url);
  await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "running", subjectKind: "scan", subjectId: scanId });
  await db.insert(scans).values({
    id: scanId, jobId, url: url.href, origin: url.origin, profile: o.profile ?? "quick", viewportSet: o.viewportSet ?? "desktop", crawlBudget: o.crawlBudget,
    baselineScanId: o.baselineScanId ?? null, options: { sitemaps: false },
  });
  try {
    await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) });
  } catch (e) {
    // Say why: the pages' own errors are what a failing fixture needs to show.
    const pages = await db.select({ url: scanPages.url, status: scanPages.status, error: scanPages.error }).from(scanPages).where(eq(scanPages.scanId, scanId));
    throw new Error(`fixture scan of ${o.url} failed: ${String(e)}; pages: ${JSON.stringify(pages)}`);
  }
  return scanId;
}
