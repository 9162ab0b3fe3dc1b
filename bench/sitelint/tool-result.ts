/** What one tool did in the benchmark. `skipped` (with the reason, printed) when it could not run at all. */
export type ToolResult = {
  tool: "sitelint" | "sitelint-served" | "pa11y-ci" | "lighthouse";
  /** Pages it was given. */
  pages: number;
  /** Pages it audited (a report came back). */
  ok: number;
  /** Pages that failed (load error, timeout, tool error). */
  failed: number;
  /** Wall-clock time for all its pages, s (browser launch included, as a user would see it). */
  secs: number;
  /** Peak of the summed PSS of the tool's process tree, MiB, sampled every 250 ms. */
  peakPssMiB: number;
  /** Peak PSS of the tool's own Node process alone (the rest of the tree is Chromium), MiB. */
  peakNodeMiB: number;
  /** Most processes seen in its tree at once (node + Chromium's). */
  maxProcs: number;
  /** The peak sample's PSS by process kind, MiB (`samplePeakPss`). */
  peakBreakdown?: Record<string, number>;
  /** SiteLint only: mean wall time per audit stage over its pages, ms (`metrics.timings_ms`). */
  stageMeansMs?: Record<string, number>;
  /** Findings / issues reported over all pages (not comparable between tools: they check different things). */
  issues: number;
  /** How it was run (profile, concurrency, runner). */
  setup: string;
  /** Why it did not run; the other fields are then 0. */
  skipped?: string;
  /** Failed pages with their error, at most a few. */
  failures: string[];
};

export const pagesPerMin = (r: Pick<ToolResult, "ok" | "failed" | "secs">) => (r.secs > 0 ? ((r.ok + r.failed) / r.secs) * 60 : NaN);
