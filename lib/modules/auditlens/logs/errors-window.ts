import { fillWindow, intOption, rangesAround, resolveBounds, toParsedLog } from "./build-window";
import type { LogRange, LogWindow, ParsedLog, WindowBounds } from "./types";

export type ErrorsWindow = LogWindow & {
  /** The ranges shown, in order, each with the error lines it contains. */
  ranges: (LogRange & { errors: number[] })[];
  errors_total: number;
};

/**
 * The error lines of a job log (see parseJobLog) with `context` lines before and after each (0–50, default 5),
 * overlapping or touching ranges merged and labelled with the group of their first error. At most `maxErrors` errors
 * (1–500, default 20), the first ones, within the bounds (default 400 lines, 64 KiB), filled in line order.
 * `truncated` is true when errors beyond `maxErrors` or lines of the selected ranges were left out or cut. A log
 * without errors gives no lines.
 * @throws AppError VALIDATION_ERROR for an option out of range.
 */
export function errorsWindow(
  log: ParsedLog | string,
  { context, maxErrors, ...bounds }: { context?: number; maxErrors?: number } & WindowBounds = {},
): ErrorsWindow {
  const parsed = toParsedLog(log);
  const b = resolveBounds(bounds, { maxLines: 400, maxBytes: 65_536 });
  const around = intOption("context", context, 5, 0, 50);
  const max = intOption("maxErrors", maxErrors, 20, 1, 500);
  const chosen = parsed.errors.slice(0, max).map((e) => e.n);
  const ranges = rangesAround(parsed, chosen, around);
  const window = fillWindow(parsed, ranges, b);
  const shown = new Set(window.lines.map((l) => l.n));
  return {
    lines: window.lines,
    ranges: window.covered.map(({ from, to, index }) => {
      const r = ranges[index]!;
      return { from, to, group: r.group, errors: r.hits.filter((n) => shown.has(n)) };
    }),
    total_lines: parsed.total_lines,
    errors_total: parsed.errors.length,
    truncated: window.truncated || parsed.errors.length > max,
  };
}
