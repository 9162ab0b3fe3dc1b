import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CHROMIUM_FLAGS } from "./run-pa11y";
import { spawnMeasured } from "./spawn-measured";
import type { ToolResult } from "./tool-result";

const CATEGORIES = ["accessibility", "seo", "best-practices"];

/**
 * A Node ≥ 22.19 binary for Lighthouse 13 (this machine and CI run Node 20): this one if it is new enough, else the
 * npm `node@22` package's, resolved once through npx as scripts/conformance.mjs does (downloaded on first use, then
 * cached) so that npx's own start-up is not counted in Lighthouse's time.
 * @returns the binary, or the reason there is none.
 */
export function node22(): { bin: string } | { reason: string } {
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  if (major > 22 || (major === 22 && minor >= 19)) return { bin: process.execPath };
  const r = spawnSync("npx", ["-y", "-p", "node@22", "node", "-p", "process.execPath + ' ' + process.version"], { encoding: "utf8", timeout: 300_000 });
  const [bin, version] = r.stdout?.trim().split("\n").pop()?.split(" ") ?? [];
  if (r.status !== 0 || !bin || !fs.existsSync(bin)) return { reason: `npx -y -p node@22 failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ""}): ${(r.stderr ?? "").trim().slice(-400)}` };
  const [vMajor, vMinor] = (version ?? "").replace(/^v/, "").split(".").map(Number);
  if (vMajor !== 22 || (vMinor ?? 0) < 19) return { reason: `npx's node@22 is ${version}; Lighthouse 13 needs ≥ 22.19` };
  return { bin };
}

const Lhr = z.object({
  runtimeError: z.object({ code: z.string(), message: z.string() }).optional(),
  categories: z.record(z.string(), z.object({ score: z.number().nullable(), auditRefs: z.array(z.object({ id: z.string() })) })),
  audits: z.record(z.string(), z.object({ score: z.number().nullable() }).loose()),
});

/**
 * Lighthouse's CLI (desktop preset; accessibility, SEO, best practices) on each of `pages` in turn — one CLI process
 * and one Chromium per URL, as Lighthouse runs — timed in sum, PSS the peak over the runs. A run that exits non-zero,
 * writes no report, reports a runtime error or leaves a category unscored is a failed page.
 */
export async function runLighthouse(o: { pages: string[]; chromium: string; root: string; tmp: string }): Promise<ToolResult> {
  const setup = `CLI per URL, --preset=desktop, ${CATEGORIES.join(", ")}`;
  const base: ToolResult = { tool: "lighthouse", pages: o.pages.length, ok: 0, failed: 0, secs: 0, peakPssMiB: 0, peakNodeMiB: 0, maxProcs: 0, issues: 0, setup, failures: [] };
  const node = node22();
  if ("reason" in node) return { ...base, skipped: node.reason };
  const cli = path.join(o.root, "node_modules", "lighthouse", "cli", "index.js");
  const env = { ...process.env, CHROME_PATH: o.chromium, NO_COLOR: "1" };
  for (const [i, url] of o.pages.entries()) {
    const out = path.join(o.tmp, `lighthouse-${i}.json`);
    const args = [cli, url, "--quiet", "--output=json", `--output-path=${out}`, `--only-categories=${CATEGORIES.join(",")}`, "--preset=desktop", `--chrome-flags=--headless=new ${CHROMIUM_FLAGS.join(" ")}`];
    const m = await spawnMeasured(node.bin, args, { env, logFile: path.join(o.tmp, `lighthouse-${i}.log`), timeoutMs: 120_000, cwd: o.root });
    base.secs += m.secs;
    if (m.peakMiB > base.peakPssMiB) base.peakBreakdown = m.peakBreakdown;
    base.peakPssMiB = Math.max(base.peakPssMiB, m.peakMiB);
    base.peakNodeMiB = Math.max(base.peakNodeMiB, m.peakRootMiB);
    base.maxProcs = Math.max(base.maxProcs, m.maxProcs);
    const error = (() => {
      if (m.code !== 0 || !fs.existsSync(out)) return `exit ${m.code}${m.timedOut ? " (timed out)" : ""}: ${m.log.trim().slice(-300)}`;
      const lhr = Lhr.parse(JSON.parse(fs.readFileSync(out, "utf8")));
      if (lhr.runtimeError) return `${lhr.runtimeError.code}: ${lhr.runtimeError.message}`;
      const unscored = CATEGORIES.filter((c) => lhr.categories[c]?.score == null);
      if (unscored.length) return `no score for ${unscored.join(", ")}`;
      base.issues += CATEGORIES.flatMap((c) => lhr.categories[c]!.auditRefs).filter((a) => (lhr.audits[a.id]?.score ?? 1) < 1).length;
      return undefined;
    })();
    if (error) {
      base.failed += 1;
      if (base.failures.length < 5) base.failures.push(`${url}: ${error}`);
    } else base.ok += 1;
  }
  return base;
}
