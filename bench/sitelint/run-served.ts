import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { z } from "zod";
import { samplePeakPss } from "./process-tree-pss";
import { stageMeans } from "./run-sitelint";
import type { ToolResult } from "./tool-result";

/** `sitelint_start_scan` accepts at most this many entry paths. */
const MAX_ENTRY_PATHS = 50;
const JobRef = z.object({ job_id: z.string(), status: z.string() }).loose();
const Started = z.object({ scan_id: z.string(), job: JobRef.optional(), job_id: z.string().optional() }).loose();

type Raw = { structuredContent?: unknown; isError?: boolean; content?: { type: string; text?: string }[] };
const textOf = (r: Raw) => (r.content ?? []).map((c) => c.text ?? "").join(" ").slice(0, 500);

/**
 * SiteLint as a user runs it: the built production server (`scripts/serve.mjs`, what `npm start` and the container
 * image run) in a temp `DATA_DIR` on embedded PGlite (or the PostgreSQL at `databaseUrl`, a server outside the tree),
 * driven over MCP by the official SDK client: `sitelint_start_scan` on `pages[0]` with the next ≤ 50 pages as entry
 * paths, crawl budget = `pages.length` and sitemaps off, then `core_get_job` (long-polling, `wait_ms`) until the job
 * ends. Timed from the `start_scan` call to the job's end (browser launch included); peak PSS is the server's whole
 * process tree — its Node process and Chromium — sampled from the same moment. After the server has stopped, the scan's
 * pages are read back from its database (stage means, failures, pages the crawl did not reach).
 * The server is started by the e2e suite's `startApp` (e2e/support/app-server.ts).
 * @throws when there is no build (`.next/BUILD_ID`: run `npm run build`), the server does not become healthy within
 *   120 s, or the tool call fails.
 */
export async function runServed(o: { pages: string[]; profile: string; concurrency?: number; chromium: string; databaseUrl?: string; root: string }): Promise<ToolResult> {
  if (!fs.existsSync(path.join(o.root, ".next", "BUILD_ID"))) throw new Error("sitelint-served needs a production build: run `npm run build` first");
  const { startApp } = await import("@/e2e/support/app-server");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-bench-served-"));
  // The server inherits this process's env: no remote browser (Chromium must be the server's child to be measured),
  // and DATABASE_URL only when asked for (as runSitelint does).
  delete process.env.CHROMIUM_WS_ENDPOINT;
  if (o.databaseUrl) process.env.DATABASE_URL = o.databaseUrl;
  else delete process.env.DATABASE_URL;
  const app = await startApp({
    dataDir, timeoutMs: 120_000,
    env: { SITELINT_URL_ALLOWLIST: "127.0.0.1", CHROMIUM_PATH: o.chromium, ...(o.concurrency ? { SITELINT_CONCURRENCY: String(o.concurrency) } : {}) },
  }).catch((e: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  try {
    const client = new Client({ name: "bench-sitelint", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", app.baseUrl)));
    const idleMiB = samplePeakPss(() => app.proc.pid).stop().peakMiB;
    const sampler = samplePeakPss(() => app.proc.pid);
    const t0 = performance.now();
    const started = (await client.callTool({
      name: "sitelint_start_scan",
      arguments: { url: o.pages[0], profile: o.profile, crawl_budget: o.pages.length, sitemaps: false, entry_paths: o.pages.slice(1, 1 + MAX_ENTRY_PATHS).map((u) => new URL(u).pathname + new URL(u).search) },
    })) as Raw;
    if (started.isError) throw new Error(`sitelint_start_scan failed: ${textOf(started)}`);
    const ref = Started.parse(started.structuredContent);
    const jobId = ref.job?.job_id ?? ref.job_id;
    if (!jobId) throw new Error(`sitelint_start_scan returned no job: ${JSON.stringify(ref).slice(0, 300)}`);
    let status = "queued";
    const deadline = Date.now() + 60_000 + o.pages.length * 30_000;
    while ((status === "queued" || status === "running") && Date.now() < deadline) {
      const r = (await client.callTool({ name: "core_get_job", arguments: { job_id: jobId, wait_ms: 20_000 } })) as Raw;
      if (r.isError) throw new Error(`core_get_job failed: ${textOf(r)}`);
      status = JobRef.parse(r.structuredContent).status;
    }
    const secs = (performance.now() - t0) / 1000;
    const { peakMiB, peakRootMiB, maxProcs, peakBreakdown } = sampler.stop();
    await client.close();
    await app.stop();
    const { rows, findingsTotal } = await readScan(dataDir, ref.scan_id, o.databaseUrl);
    const audited = new Set(rows.map((r) => r.url));
    const missing = o.pages.filter((u) => !audited.has(u));
    const failedRows = rows.filter((r) => r.status !== "ok");
    return {
      tool: "sitelint-served", pages: o.pages.length, ok: rows.length - failedRows.length, failed: failedRows.length, secs, peakPssMiB: peakMiB, peakNodeMiB: peakRootMiB, maxProcs, peakBreakdown,
      stageMeansMs: stageMeans(rows.map((r) => (r.metrics as { timings_ms?: Record<string, number> } | null)?.timings_ms)),
      issues: findingsTotal,
      setup: `scripts/serve.mjs over MCP, profile ${o.profile}, desktop, ${o.databaseUrl ? "PostgreSQL (server outside the tree)" : "embedded PGlite"}, ${path.basename(o.chromium)}, job ${status}, server ${idleMiB.toFixed(0)} MiB idle before the scan` +
        (missing.length ? `; ${missing.length} listed page(s) not audited, e.g. ${missing[0]}` : ""),
      failures: failedRows.slice(0, 5).map((r) => `${r.url}: ${r.status} ${r.error?.code ?? ""} ${r.error?.message ?? ""}`.trim()),
    };
  } finally {
    await app.stop("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The scan's page rows and its findings total, from the stopped server's database (its PGlite directory, or the PostgreSQL it used). */
async function readScan(dataDir: string, scanId: string, databaseUrl?: string) {
  const { eq } = await import("drizzle-orm");
  const { openDatabase } = await import("@/lib/db/client");
  const { scanPages, scans } = await import("@/drizzle/schema");
  const h = await openDatabase({ databaseUrl, pgliteDir: path.join(dataDir, "pglite"), poolMax: 1 });
  try {
    const rows = await h.db.select({ url: scanPages.url, status: scanPages.status, error: scanPages.error, metrics: scanPages.metrics }).from(scanPages).where(eq(scanPages.scanId, scanId));
    const [scan] = await h.db.select({ summary: scans.summary }).from(scans).where(eq(scans.id, scanId));
    return { rows, findingsTotal: Number((scan?.summary as { findings_total?: number } | null)?.findings_total ?? 0) };
  } finally {
    await h.close();
  }
}
