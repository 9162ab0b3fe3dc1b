// Benchmark: crawl the MDN learning-area corpus site (≈110 pages) through the real SiteLint crawl, on embedded PGlite,
// and print pages/min, time per page and peak memory (this Node process and the Chromium processes it drives).
// Usage: npm run bench:scan -- [budget=40] [concurrency=2] [profile=standard]
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [budget = "40", concurrency = "2", profile = "standard"] = process.argv.slice(2);
const { corpusDir, CORPUS_MISSING } = await import("@/e2e/support/corpus");
const corpus = corpusDir();
if (!corpus) {
  console.error(CORPUS_MISSING);
  process.exit(2);
}
const root = path.join(corpus, "sites", "mdn-learning-area");
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-bench-"));
process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
process.env.SITELINT_CONCURRENCY = concurrency;
process.env.LOG_LEVEL = "warn";

const { startStaticServer } = await import("@/e2e/support/static-server");
const { getDb, closeDb } = await import("@/lib/db/client");
const { jobs, scans } = await import("@/drizzle/schema");
const { newId } = await import("@/lib/ids");
const { createMemoStep } = await import("@/lib/jobs/memo-step");
const { crawlScan } = await import("@/lib/modules/sitelint/crawl-scan");
const { closeSharedBrowser } = await import("@/lib/modules/sitelint/shared-browser");

/** Resident memory of Chromium processes, MiB (Linux `ps`). */
function chromiumRssMiB(): number {
  try {
    const out = execSync("ps -C chromium,chrome,headless_shell -o rss=", { encoding: "utf8" });
    return out.split("\n").reduce((a, l) => a + (Number(l.trim()) || 0), 0) / 1024;
  } catch {
    return 0;
  }
}

const site = await startStaticServer({ root });
const db = await getDb();
const jobId = newId("job");
const scanId = newId("scan");
await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process" });
await db.insert(scans).values({ id: scanId, jobId, url: site.url("/index.html"), origin: site.origin, profile: profile as "standard", viewportSet: "desktop", crawlBudget: Number(budget) });

let peakNode = 0;
let peakChromium = 0;
const sampler = setInterval(() => {
  peakNode = Math.max(peakNode, process.memoryUsage().rss / 2 ** 20);
  peakChromium = Math.max(peakChromium, chromiumRssMiB());
}, 250);
const t0 = performance.now();
const summary = await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) });
const secs = (performance.now() - t0) / 1000;
clearInterval(sampler);
const pages = summary.pages_ok + summary.pages_failed;
console.log(JSON.stringify({ summary }, null, 2));
console.log(`pages: ${pages} (${summary.pages_failed} failed), profile ${profile}, concurrency ${concurrency}`);
console.log(`time: ${secs.toFixed(1)} s → ${((pages / secs) * 60).toFixed(1)} pages/min, ${((secs * 1000) / pages).toFixed(0)} ms/page`);
console.log(`peak RSS: node ${peakNode.toFixed(0)} MiB, chromium ${peakChromium.toFixed(0)} MiB`);
await closeSharedBrowser();
await site.close();
await closeDb();
fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
