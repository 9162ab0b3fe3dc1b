import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { spawnMeasured } from "./spawn-measured";
import type { ToolResult } from "./tool-result";

/** Chromium flags shared by the external tools: headless, no sandbox (root in a container), no background traffic. */
export const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

/** pa11y-ci's JSON report: per URL, its issues, or `[{ message }]` when the page could not be tested. */
const Report = z.object({ total: z.number(), results: z.record(z.string(), z.array(z.object({ code: z.string().optional(), message: z.string().optional() }).loose())) });

/**
 * pa11y-ci's CLI on `pages` (runner axe, `concurrency` pages at a time in one Puppeteer-driven Chromium — Debian's),
 * timed from spawn to exit, PSS of its node + Chromium tree. A page whose entry is an error (no `code`) failed.
 */
export async function runPa11y(o: { pages: string[]; concurrency: number; chromium: string; root: string; tmp: string }): Promise<ToolResult> {
  const reportFile = path.join(o.tmp, "pa11y-report.json");
  const config = {
    defaults: {
      runners: ["axe"],
      concurrency: o.concurrency,
      // pa11y-ci's default, a fresh browser context per URL, loses half the pages at concurrency 2 with Debian's
      // Chromium 156 and pa11y-ci's Puppeteer 24.43 ("Protocol error (Target.closeTarget): No target with given id
      // found" when pa11y closes its page); in the default context every page is audited.
      useIncognitoBrowserContext: false,
      chromeLaunchConfig: { executablePath: o.chromium, args: CHROMIUM_FLAGS },
      reporters: [["json", { fileName: reportFile }]],
    },
    urls: o.pages,
  };
  const configFile = path.join(o.tmp, "pa11y-ci.json");
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  const cli = path.join(o.root, "node_modules", "pa11y-ci", "bin", "pa11y-ci.js");
  const m = await spawnMeasured(process.execPath, [cli, "--config", configFile], { logFile: path.join(o.tmp, "pa11y-ci.log"), timeoutMs: 60_000 + o.pages.length * 30_000, cwd: o.root });
  const setup = `runner axe, concurrency ${o.concurrency}, one browser context`;
  // Exit 2 = issues found (normal); 1 = pa11y-ci itself failed; null = killed.
  if (!fs.existsSync(reportFile)) throw new Error(`pa11y-ci wrote no report (exit ${m.code}${m.timedOut ? ", timed out" : ""}): ${m.log.slice(-1500)}`);
  const report = Report.parse(JSON.parse(fs.readFileSync(reportFile, "utf8")));
  const entries = Object.entries(report.results);
  const failed = entries.filter(([, issues]) => issues.some((i) => !i.code));
  return {
    tool: "pa11y-ci", pages: o.pages.length, ok: entries.length - failed.length, failed: failed.length + (o.pages.length - entries.length), secs: m.secs,
    peakPssMiB: m.peakMiB, peakNodeMiB: m.peakRootMiB, maxProcs: m.maxProcs, peakBreakdown: m.peakBreakdown, issues: entries.reduce((a, [, issues]) => a + issues.filter((i) => i.code).length, 0), setup,
    failures: failed.slice(0, 5).map(([url, issues]) => `${url}: ${issues.find((i) => !i.code)?.message ?? "error"}`),
  };
}
