import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { samplePeakPss } from "./process-tree-pss";
import type { ToolResult } from "./tool-result";

/**
 * A real SiteLint scan of exactly `pages` (the first as the scan URL, the rest as entry paths, crawl budget = their
 * number), in this process as `npm run bench:scan` does: embedded PGlite in a temp DATA_DIR (or the PostgreSQL at
 * `databaseUrl`), the in-process step runner, the shared Chromium. Its PSS is this Node process's tree (the benchmark's own small static server and
 * sampler included) — the same tree OmniAudit's server has while it scans.
 */
export async function runSitelint(o: { pages: string[]; profile: string; concurrency?: number; chromium: string; databaseUrl?: string }): Promise<ToolResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-bench-sitelint-"));
  Object.assign(process.env, { DATA_DIR: dataDir, SITELINT_URL_ALLOWLIST: "127.0.0.1", LOG_LEVEL: "warn", CHROMIUM_PATH: o.chromium });
  // PostgreSQL runs as a server of its own, outside the measured tree (as in a deployment with DATABASE_URL).
  if (o.databaseUrl) process.env.DATABASE_URL = o.databaseUrl;
  else delete process.env.DATABASE_URL;
  if (o.concurrency) process.env.SITELINT_CONCURRENCY = String(o.concurrency);
  delete process.env.CHROMIUM_WS_ENDPOINT; // Chromium must be this process's child to be measured
  const { eq } = await import("drizzle-orm");
  const { getDb, closeDb } = await import("@/lib/db/client");
  const { getEnv } = await import("@/lib/env");
  const { jobs, scans, scanPages } = await import("@/drizzle/schema");
  const { newId } = await import("@/lib/ids");
  const { createMemoStep } = await import("@/lib/jobs/memo-step");
  const { crawlScan } = await import("@/lib/modules/sitelint/crawl-scan");
  const { closeSharedBrowser } = await import("@/lib/modules/sitelint/shared-browser");
  const profile = o.profile as "standard";
  const setup = `profile ${profile}, desktop, concurrency ${getEnv().SITELINT_CONCURRENCY}, ${o.databaseUrl ? "PostgreSQL (server outside the tree)" : "embedded PGlite"}, ${path.basename(o.chromium)}`;
  try {
    const db = await getDb();
    const jobId = newId("job");
    const scanId = newId("scan");
    const start = new URL(o.pages[0]!);
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process" });
    await db.insert(scans).values({
      id: scanId, jobId, url: start.href, origin: start.origin, profile, viewportSet: "desktop", crawlBudget: o.pages.length,
      entryPaths: o.pages.slice(1).map((u) => new URL(u).pathname + new URL(u).search),
    });
    // What this process holds before the first page (code loaded, PGlite open): the part the scan itself did not add.
    const before = samplePeakPss(() => process.pid).stop().peakRootMiB;
    const sampler = samplePeakPss(() => process.pid);
    const t0 = performance.now();
    let crashed: unknown;
    const summary = await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) }).catch((e: unknown) => ((crashed = e), undefined));
    const secs = (performance.now() - t0) / 1000;
    const { peakMiB, peakRootMiB, maxProcs, peakBreakdown } = sampler.stop();
    // A scan where no page loaded throws (UPSTREAM_ERROR) after recording every page: report those pages, not a crash.
    const rows = await db.select({ url: scanPages.url, status: scanPages.status, error: scanPages.error, metrics: scanPages.metrics }).from(scanPages).where(eq(scanPages.scanId, scanId));
    if (crashed && !rows.length) throw crashed;
    const audited = new Set(rows.map((r) => r.url));
    const missing = o.pages.filter((u) => !audited.has(u));
    const failedRows = rows.filter((r) => r.status !== "ok");
    return {
      tool: "sitelint", pages: o.pages.length, ok: rows.length - failedRows.length, failed: failedRows.length, secs, peakPssMiB: peakMiB, peakNodeMiB: peakRootMiB, maxProcs, peakBreakdown,
      stageMeansMs: stageMeans(rows.map((r) => (r.metrics as { timings_ms?: Record<string, number> } | null)?.timings_ms)),
      issues: summary?.findings_total ?? 0, setup: `${setup}, node ${before.toFixed(0)} MiB before the first page` + (missing.length ? `; ${missing.length} listed page(s) not audited, e.g. ${missing[0]}` : ""),
      failures: failedRows.slice(0, 5).map((r) => `${r.url}: ${r.status} ${r.error?.code ?? ""} ${r.error?.message ?? ""}`.trim()),
    };
  } finally {
    await closeSharedBrowser();
    await closeDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Mean of each stage's wall time over the pages that ran it, ms. */
export function stageMeans(timings: (Record<string, number> | undefined)[]): Record<string, number> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const t of timings) for (const [stage, ms] of Object.entries(t ?? {})) {
    const s = sums.get(stage) ?? { total: 0, n: 0 };
    sums.set(stage, { total: s.total + ms, n: s.n + 1 });
  }
  return Object.fromEntries([...sums].map(([stage, s]) => [stage, Math.round(s.total / s.n)]));
}
