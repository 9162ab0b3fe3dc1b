import { fillWindow, intOption, resolveBounds, toParsedLog } from "./build-window";
import type { LogWindow, ParsedLog, WindowBounds } from "./types";

/**
 * The last `lines` lines of a job log (1–5,000, default `maxLines`), within the bounds (default 400 lines, 64 KiB):
 * when the bytes run out first, the lines nearest the end are kept. `truncated` is true when fewer than the
 * requested lines (or cut lines) are returned; `total_lines` says how much more there is.
 * @throws AppError VALIDATION_ERROR for an option out of range.
 */
export function tailWindow(log: ParsedLog | string, { lines, ...bounds }: { lines?: number } & WindowBounds = {}): LogWindow {
  const parsed = toParsedLog(log);
  const b = resolveBounds(bounds, { maxLines: 400, maxBytes: 65_536 });
  const count = intOption("lines", lines, b.maxLines, 1, 5_000);
  const from = Math.max(1, parsed.total_lines - count + 1);
  const range = parsed.total_lines > 0 ? [{ from, to: parsed.total_lines }] : [];
  const window = fillWindow(parsed, range, b, true);
  return { lines: window.lines, total_lines: parsed.total_lines, truncated: window.truncated };
}
