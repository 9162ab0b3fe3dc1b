import { fitText, fillWindow, intOption, resolveBounds, toParsedLog } from "./build-window";
import type { ParsedLog, WindowBounds } from "./types";

export type FailureExcerpt = {
  /** Group (or step) of the first error, or of the last line when there is no error. */
  group: string | null;
  /** Text of the first real error line (cut to `maxLineChars`), or null when the log has no error. */
  first_error: string | null;
  lines: { n: number; text: string }[];
  errors_total: number;
  /** True when lines from the first error to the step's last error (or the tail asked for) did not all fit. */
  truncated: boolean;
};

/**
 * Why a job failed, in one bounded excerpt (default 60 lines, 8 KiB). The failing step is the step holding the last
 * error line; its first non-generic error (an `Error:`, `error TS…`, `FAIL`, `npm ERR!`… signature, or an
 * `##[error]` with a real message) is preferred over the runner's `##[error]Process completed with exit code 1.`.
 * The excerpt runs from `context` lines before that error (0–50, default 5; not before the step's start) to the
 * step's last error; when that does not fit, up to a quarter of the bounds for the lines before the error, as much as
 * fits from the error on, and that last (usually generic) line when it is small.
 * When the step has only the generic line, the excerpt is the step's output leading up to it; when the log has no
 * error at all, its last lines.
 * @throws AppError VALIDATION_ERROR for an option out of range.
 */
export function failureExcerpt(log: ParsedLog | string, { context, ...bounds }: { context?: number } & WindowBounds = {}): FailureExcerpt {
  const parsed = toParsedLog(log);
  const b = resolveBounds(bounds, { maxLines: 60, maxBytes: 8_192 });
  const before = intOption("context", context, 5, 0, 50);
  const bare = (w: { lines: { n: number; text: string }[] }) => w.lines.map(({ n, text }) => ({ n, text }));
  const last = parsed.errors.at(-1);
  if (!last) {
    const tail = fillWindow(parsed, parsed.total_lines ? [{ from: 1, to: parsed.total_lines }] : [], b, true);
    const group = parsed.lines.at(-1)?.group ?? null;
    return { group, first_error: null, lines: bare(tail), errors_total: 0, truncated: tail.truncated };
  }
  const from = parsed.steps.find((s) => s.start <= last.n && last.n <= s.end)?.start ?? 1;
  const inStep = parsed.errors.filter((e) => e.n >= from);
  const first = inStep.find((e) => !e.generic) ?? inStep[0]!;
  const firstLine = parsed.lines[first.n - 1]!;
  const result = (w: { lines: { n: number; text: string }[] }, truncated: boolean): FailureExcerpt => ({
    group: firstLine.group,
    first_error: fitText(firstLine.text, b.maxLineChars, b.maxBytes),
    lines: bare(w),
    errors_total: parsed.errors.length,
    truncated,
  });
  if (first.generic) {
    const w = fillWindow(parsed, [{ from, to: last.n }], b, true);
    return result(w, w.truncated);
  }
  const start = Math.max(from, first.n - before);
  const whole = fillWindow(parsed, [{ from: start, to: last.n }], b);
  if (!whole.truncated) return result(whole, false);
  // Over budget: the final line first (when small), a quarter for the context before, the rest from the error on.
  const finalCost = Buffer.byteLength(parsed.lines[last.n - 1]!.text) + 1;
  const withFinal = last.n > first.n && b.maxLines >= 3 && finalCost <= b.maxBytes / 4;
  let lines = b.maxLines - (withFinal ? 1 : 0);
  let bytes = b.maxBytes - (withFinal ? finalCost : 0);
  const pre = fillWindow(parsed, first.n > start ? [{ from: start, to: first.n - 1 }] : [], { ...b, maxLines: Math.floor(lines / 4), maxBytes: Math.floor(bytes / 4) }, true);
  lines -= pre.lines.length;
  bytes -= pre.bytes;
  const main = fillWindow(parsed, [{ from: first.n, to: withFinal ? last.n - 1 : last.n }], { ...b, maxLines: lines, maxBytes: bytes });
  const final = withFinal ? fillWindow(parsed, [{ from: last.n, to: last.n }], { ...b, maxLines: 1, maxBytes: finalCost }).lines : [];
  return result({ lines: [...pre.lines, ...main.lines, ...final] }, true);
}
