import { fillWindow, intOption, rangesAround, resolveBounds, toParsedLog } from "./build-window";
import { compileLogPattern, matchLogLines } from "./match-log-lines";
import type { LogRange, LogWindow, ParsedLog, WindowBounds } from "./types";

export type GrepWindow = LogWindow & {
  /** The ranges shown, in order, each with the matching lines it contains. */
  ranges: (LogRange & { matches: number[] })[];
  matches_total: number;
};

/**
 * The lines of a job log whose sanitised text matches `pattern` — a plain substring, or `/source/flags` (see
 * compileLogPattern: 1–200 characters, exponential-backtracking constructs refused, a 2 s budget for the search) —
 * with `context` lines before and after each (0–50, default 2), merged like errorsWindow. At most `maxMatches`
 * matches (1–1,000, default 50), the first ones, within the bounds (default 400 lines, 64 KiB). `truncated` is true
 * when matches beyond `maxMatches` or lines of the selected ranges were left out or cut.
 * @throws AppError VALIDATION_ERROR for a refused pattern, a search over budget, or an option out of range.
 */
export function grepWindow(
  log: ParsedLog | string,
  { pattern, context, maxMatches, ...bounds }: { pattern: string; context?: number; maxMatches?: number } & WindowBounds,
): GrepWindow {
  const b = resolveBounds(bounds, { maxLines: 400, maxBytes: 65_536 });
  const around = intOption("context", context, 2, 0, 50);
  const max = intOption("maxMatches", maxMatches, 50, 1, 1_000);
  const matcher = compileLogPattern(pattern);
  const parsed = toParsedLog(log);
  const hits = matchLogLines(parsed.lines, matcher);
  const ranges = rangesAround(parsed, hits.slice(0, max), around);
  const window = fillWindow(parsed, ranges, b);
  const shown = new Set(window.lines.map((l) => l.n));
  return {
    lines: window.lines,
    ranges: window.covered.map(({ from, to, index }) => {
      const r = ranges[index]!;
      return { from, to, group: r.group, matches: r.hits.filter((n) => shown.has(n)) };
    }),
    total_lines: parsed.total_lines,
    matches_total: hits.length,
    truncated: window.truncated || hits.length > max,
  };
}
