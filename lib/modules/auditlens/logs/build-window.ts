/** Shared by the window modes: bounds checking and filling a window from line ranges within them. */
import { AppError } from "@/lib/errors";
import { parseJobLog } from "./parse-job-log";
import type { LogRange, ParsedLog, WindowBounds, WindowLine } from "./types";

export type Bounds = { maxLines: number; maxBytes: number; maxLineChars: number };

const LIMITS = { maxLines: [1, 5_000], maxBytes: [256, 1_048_576], maxLineChars: [80, 100_000] } as const;
const encoder = new TextEncoder();

/** A parsed log as given, or `text` parsed. */
export function toParsedLog(log: ParsedLog | string): ParsedLog {
  return typeof log === "string" ? parseJobLog(log) : log;
}

/** An integer option within [min, max], or its default. @throws AppError VALIDATION_ERROR naming the option. */
export function intOption(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AppError("VALIDATION_ERROR", `${name} must be an integer from ${min} to ${max}.`, { field: name });
  }
  return value;
}

/** {@link WindowBounds} with defaults applied. @throws AppError VALIDATION_ERROR for a value out of range. */
export function resolveBounds(o: WindowBounds, defaults: { maxLines: number; maxBytes: number }): Bounds {
  return {
    maxLines: intOption("maxLines", o.maxLines, defaults.maxLines, ...LIMITS.maxLines),
    maxBytes: intOption("maxBytes", o.maxBytes, defaults.maxBytes, ...LIMITS.maxBytes),
    maxLineChars: intOption("maxLineChars", o.maxLineChars, 2_000, ...LIMITS.maxLineChars),
  };
}

/** `text` cut to at most `chars` UTF-16 units and `bytes` UTF-8 bytes, marker included, never inside a character. */
export function cutLine(text: string, chars: number, bytes: number): string {
  const marker = (rest: number) => ` … [${rest} more chars]`;
  const room = new Uint8Array(Math.max(0, bytes - 32));
  const { read } = encoder.encodeInto(text.slice(0, chars), room);
  return text.slice(0, read) + marker(text.length - read);
}

/** `text` as is when within `chars` and `bytes`, else {@link cutLine}. */
export function fitText(text: string, chars: number, bytes: number): string {
  return text.length <= chars && Buffer.byteLength(text) <= bytes ? text : cutLine(text, chars, bytes);
}

/**
 * Lines of `ranges` (sorted, disjoint, inclusive) in order, within `b`; with `fromEnd` the lines nearest the end are
 * kept instead. A line over `maxLineChars` is cut; the first line is cut to fit `maxBytes` rather than left out.
 * Returns the lines, the ranges actually covered and whether anything selected was left out or cut.
 */
export function fillWindow(log: ParsedLog, ranges: readonly { from: number; to: number }[], b: Bounds, fromEnd = false) {
  const order: number[] = [];
  for (const r of fromEnd ? [...ranges].reverse() : ranges) {
    for (let i = 0, len = r.to - r.from + 1; i < len && order.length <= b.maxLines; i++) order.push(fromEnd ? r.to - i : r.from + i);
  }
  const picked: WindowLine[] = [];
  let bytes = 0;
  let truncated = false;
  for (const n of order) {
    const line = log.lines[n - 1];
    if (!line) continue;
    if (picked.length === b.maxLines) {
      truncated = true;
      break;
    }
    let text = line.text.length > b.maxLineChars ? cutLine(line.text, b.maxLineChars, b.maxBytes) : line.text;
    let cost = Buffer.byteLength(text) + 1;
    if (bytes + cost > b.maxBytes) {
      truncated = true;
      if (picked.length > 0) break;
      text = cutLine(line.text, b.maxLineChars, b.maxBytes - 1);
      cost = Buffer.byteLength(text) + 1;
    }
    if (text !== line.text) truncated = true;
    picked.push({ n, text, group: line.group });
    bytes += cost;
  }
  if (fromEnd) picked.reverse();
  return { lines: picked, truncated, bytes, covered: coveredRanges(picked, ranges) };
}

// The parts of `ranges` that the picked lines cover (a range cut short ends at its last picked line).
function coveredRanges(picked: WindowLine[], ranges: readonly { from: number; to: number }[]) {
  const out: { from: number; to: number; index: number }[] = [];
  let i = 0;
  for (const [index, r] of ranges.entries()) {
    let first = 0;
    let last = 0;
    while (i < picked.length && picked[i]!.n < r.from) i++;
    for (; i < picked.length && picked[i]!.n <= r.to; i++) {
      first ||= picked[i]!.n;
      last = picked[i]!.n;
    }
    if (first) out.push({ from: first, to: last, index });
  }
  return out;
}

/**
 * Ranges `[hit - context, hit + context]` around each hit line (ascending), clipped to the log and merged when they
 * overlap or touch; each labelled with the group of its first hit and listing its hits.
 */
export function rangesAround(log: ParsedLog, hits: readonly number[], context: number): (LogRange & { hits: number[] })[] {
  const out: (LogRange & { hits: number[] })[] = [];
  for (const n of hits) {
    const from = Math.max(1, n - context);
    const to = Math.min(log.total_lines, n + context);
    const last = out.at(-1);
    if (last && from <= last.to + 1) {
      last.to = Math.max(last.to, to);
      last.hits.push(n);
    } else out.push({ from, to, group: log.lines[n - 1]?.group ?? null, hits: [n] });
  }
  return out;
}
