// Benchmark: SiteLint vs pa11y-ci vs Lighthouse on the same pages, in one run. Serves the MDN learning-area corpus site
// (../shared/corpus/sites/mdn-learning-area, 111 pages) on 127.0.0.1, lists its first N HTML pages breadth-first from
// index.html, then audits exactly those pages with: SiteLint (a real scan in this process — crawlScan on PGlite in a
// temp DATA_DIR, the given profile, desktop), pa11y-ci (its CLI, runner axe, concurrency 2) and Lighthouse (its CLI
// serially on the first M of them, under Node 22 from npm's `node@22`). All three drive Debian's Chromium.
// Prints per tool: pages, failed pages, pages/min, peak PSS (sum of /proc/<pid>/smaps_rollup Pss over the tool's
// process tree — node + Chromium — sampled every 250 ms; "(node)" = its Node process alone) and the ratios to
// pa11y-ci; then one JSON line for machines. Lighthouse is skipped, with the reason printed, when no Node 22 is found.
// Figures only, never asserted; exits non-zero only when the benchmark crashes or a tool that ran audited 0 pages.
//   npm run bench:sitelint -- [--pages 111] [--lighthouse-pages 10] [--profile standard] [--tools sitelint,pa11y,lighthouse]
//                             (also `served`: the built production server over MCP, its whole process tree measured)
//                             [--concurrency <SITELINT_CONCURRENCY>] [--pa11y-concurrency 2]
//                             [--chromium <SiteLint's browser; default the app's own choice: CHROMIUM_PATH, else the headless shell…>]
//                             [--tools-chromium <pa11y-ci's and Lighthouse's; default /usr/bin/chromium>]
//                             [--database-url postgres://…  (SiteLint on PostgreSQL instead of embedded PGlite)] [--force] [--in-ci]
// Refuses to start while a test run / build is going (figures would be noise) unless --force, or --in-ci (scripts/test.mjs's
// stage: runs anyway and labels its figures indicative). Documented in docs/benchmarks.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { collectPages } from "./sitelint/page-list";
import { runLighthouse } from "./sitelint/run-lighthouse";
import { runPa11y } from "./sitelint/run-pa11y";
import { runServed } from "./sitelint/run-served";
import { runSitelint } from "./sitelint/run-sitelint";
import { pagesPerMin, type ToolResult } from "./sitelint/tool-result";

const root = path.resolve(import.meta.dirname, "..");
const TOOLS = ["sitelint", "served", "pa11y", "lighthouse"] as const;
const Args = z.object({
  pages: z.coerce.number().int().min(1).max(10_000).default(111),
  "lighthouse-pages": z.coerce.number().int().min(0).max(10_000).default(10),
  profile: z.enum(["quick", "standard", "deep"]).default("standard"),
  tools: z.string().default("sitelint,pa11y,lighthouse").transform((s) => [...new Set(s.split(",").map((t) => z.enum(TOOLS).parse(t.trim())))]),
  concurrency: z.coerce.number().int().min(1).max(8).optional(),
  "pa11y-concurrency": z.coerce.number().int().min(1).max(16).default(2),
  chromium: z.string().optional(),
  "tools-chromium": z.string().optional(),
  "database-url": z.string().url().optional(),
  force: z.boolean().default(false),
  "in-ci": z.boolean().default(false),
});
const BOOLEAN = new Set(["force", "in-ci"]);
const { values } = parseArgs({ options: Object.fromEntries(Object.keys(Args.shape).map((k) => [k, { type: BOOLEAN.has(k) ? ("boolean" as const) : ("string" as const) }])), strict: true });
const args = Args.parse(values);

const HEAVY = "scripts/test.mjs|vitest|playwright test|next build";
const heavy = () => (spawnSync("pgrep", ["-f", HEAVY, "-a"], { encoding: "utf8" }).stdout ?? "").trim().split("\n").filter(Boolean);
/** Load average, and other benchmarks running beside this one (another checkout's, say): they skew the figures. */
const load = () => {
  const others = (spawnSync("pgrep", ["-f", "bench/[a-z-]+\\.ts", "-a"], { encoding: "utf8" }).stdout ?? "").split("\n").filter((l) => l && !l.includes("bench/sitelint.ts"));
  return `${os.loadavg().map((l) => l.toFixed(2)).join(" ")}${others.length ? ` — other benchmark(s) running: ${others.map((l) => l.split(" ").slice(1).join(" ").slice(-80)).join("; ")}` : ""}`;
};
const busy = heavy();
if (busy.length && !args.force && !args["in-ci"]) {
  console.error(`bench:sitelint: refusing to start while a test run or build is going (figures would be noise):\n  ${busy.join("\n  ")}\nWait for it to finish, or pass --force to measure anyway.`);
  process.exit(2);
}
const { corpusDir, CORPUS_MISSING } = await import("@/e2e/support/corpus");
const corpus = corpusDir();
if (!corpus) {
  console.log(`bench:sitelint skipped: ${CORPUS_MISSING}`);
  process.exit(args["in-ci"] ? 0 : 2);
}
// SiteLint gets the browser the app itself would launch (scripts/find-chromium.mjs: CHROMIUM_PATH, else Debian's
// headless shell, else chromium…); pa11y-ci and Lighthouse get the full Chromium, the browser they run by default
// (Puppeteer's and Lighthouse's own Chrome are full browsers in new-headless mode).
const { findChromium } = await import("../scripts/find-chromium.mjs");
const sitelintChromium = args.chromium ?? findChromium();
const toolsChromium = args["tools-chromium"] ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : sitelintChromium);
for (const [flag, p] of [["--chromium", sitelintChromium], ["--tools-chromium", toolsChromium]] as const) {
  if (!p || !fs.existsSync(p)) throw new Error(`No Chromium at ${p ?? "(none found)"}: pass ${flag} or set CHROMIUM_PATH`);
}
const versionOf = (p: string) => spawnSync(p, ["--version"], { encoding: "utf8" }).stdout?.trim() || "?";
const browsers = sitelintChromium === toolsChromium ? `${versionOf(sitelintChromium!)} (${sitelintChromium})` : `SiteLint: ${versionOf(sitelintChromium!)} (${sitelintChromium}); pa11y-ci, Lighthouse: ${versionOf(toolsChromium!)} (${toolsChromium})`;
console.log(`# bench:sitelint — node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${browsers}`);
console.log(`# load average ${load()}${args["in-ci"] ? " — CI sample inside scripts/test.mjs: figures are indicative" : busy.length ? ` — ${busy.length} test/build process(es) running: figures are INDICATIVE only` : ""}`);

const { startStaticServer } = await import("@/e2e/support/static-server");
const site = await startStaticServer({ root: path.join(corpus, "sites", "mdn-learning-area") });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-bench-tools-"));
const results: ToolResult[] = [];
const crashes: string[] = [];
try {
  const pages = await collectPages(site.url("/index.html"), args.pages);
  console.log(`# ${pages.length} page(s) of mdn-learning-area${pages.length < args.pages ? ` (asked for ${args.pages}: that is all the site links to)` : ""}; Lighthouse on the first ${Math.min(args["lighthouse-pages"], pages.length)}`);
  const run = {
    sitelint: () => runSitelint({ pages, profile: args.profile, concurrency: args.concurrency, chromium: sitelintChromium!, databaseUrl: args["database-url"] }),
    served: () => runServed({ pages, profile: args.profile, concurrency: args.concurrency, chromium: sitelintChromium!, databaseUrl: args["database-url"], root }),
    pa11y: () => runPa11y({ pages, concurrency: args["pa11y-concurrency"], chromium: toolsChromium!, root, tmp }),
    lighthouse: () => runLighthouse({ pages: pages.slice(0, args["lighthouse-pages"]), chromium: toolsChromium!, root, tmp }),
  };
  for (const tool of args.tools) {
    if (tool === "lighthouse" && args["lighthouse-pages"] === 0) continue;
    const t0 = Date.now();
    console.log(`# running ${tool}…`);
    // One tool crashing must not hide the others' figures; the crash still fails the run (below).
    await run[tool]().then(
      (r) => results.push(r),
      (e: unknown) => crashes.push(`${tool}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    );
    console.log(`#   ${tool} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
} finally {
  await site.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "-");
const pa11y = results.find((r) => r.tool === "pa11y-ci" && !r.skipped);
const ratio = (a: number, b: number | undefined) => (b && Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}×` : "");
console.log(`\n${"tool".padEnd(16)}${"pages".padStart(6)}${"failed".padStart(8)}${"time s".padStart(9)}${"pages/min".padStart(11)}${"peak PSS MiB".padStart(14)}${"(node)".padStart(8)}${"procs".padStart(7)}${"speed × pa11y".padStart(15)}${"PSS × pa11y".padStart(13)}  setup`);
for (const r of results) {
  if (r.skipped) {
    console.log(`${r.tool.padEnd(16)}  SKIPPED: ${r.skipped}`);
    continue;
  }
  const ppm = pagesPerMin(r);
  console.log(
    `${r.tool.padEnd(16)}${String(r.ok + r.failed).padStart(6)}${String(r.failed).padStart(8)}${fmt(r.secs, 1).padStart(9)}${fmt(ppm, 1).padStart(11)}${fmt(r.peakPssMiB).padStart(14)}${fmt(r.peakNodeMiB).padStart(8)}${String(r.maxProcs).padStart(7)}` +
      `${(r === pa11y ? "1.00×" : ratio(ppm, pa11y && pagesPerMin(pa11y))).padStart(15)}${(r === pa11y ? "1.00×" : ratio(r.peakPssMiB, pa11y?.peakPssMiB)).padStart(13)}  ${r.setup}`,
  );
  for (const f of r.failures) console.log(`${"".padEnd(16)}  failed: ${f.slice(0, 300)}`);
}
// Where the time and the memory went.
for (const r of results.filter((x) => !x.skipped)) {
  const parts = Object.entries(r.peakBreakdown ?? {}).sort(([, a], [, b]) => b - a);
  if (parts.length) console.log(`# ${r.tool} peak PSS by process (MiB): ${parts.map(([k, v]) => `${k} ${v}`).join(", ")}`);
  if (r.stageMeansMs) console.log(`# ${r.tool} mean wall time per page stage (ms): ${Object.entries(r.stageMeansMs).map(([k, v]) => `${k} ${v}`).join(", ")}`);
}
for (const sitelint of results.filter((r) => (r.tool === "sitelint" || r.tool === "sitelint-served") && !r.skipped)) {
  if (!pa11y) break;
  const speed = pagesPerMin(sitelint) / pagesPerMin(pa11y);
  console.log(`\n# goals for ${sitelint.tool} (reported, not asserted): SiteLint ≥ 2× pa11y-ci pages/min: ${speed >= 2 ? "met" : "NOT met"} (${speed.toFixed(2)}×); 0 failed pages: ${sitelint.failed === 0 ? "met" : `NOT met (${sitelint.failed})`}; peak PSS ≤ 800 MiB: ${sitelint.peakPssMiB <= 800 ? "met" : "NOT met"} (${sitelint.peakPssMiB.toFixed(0)} MiB)`);
}
console.log(`# load average ${load()} at the end`);
console.log(JSON.stringify({ bench: "sitelint", profile: args.profile, in_ci: args["in-ci"], load_avg: os.loadavg(), busy: busy.length, results: results.map((r) => ({ ...r, pages_per_min: r.skipped ? null : Number(fmt(pagesPerMin(r), 2)), peakPssMiB: Math.round(r.peakPssMiB), peakNodeMiB: Math.round(r.peakNodeMiB) })) }));
const idle = results.filter((r) => !r.skipped && r.ok === 0);
for (const c of crashes) console.error(`bench:sitelint: CRASHED ${c}`);
if (idle.length) console.error(`bench:sitelint: ${idle.map((r) => r.tool).join(", ")} audited 0 pages`);
if (idle.length || crashes.length) process.exit(1);
// PGlite / undici handles may linger; the figures are out.
process.exit(0);
