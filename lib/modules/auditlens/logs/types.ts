/**
 * Shapes of a parsed GitHub Actions job log and of the bounded windows cut from it. Line numbers are 1-based line
 * numbers of the original log (as GitHub's log viewer shows them); ranges are inclusive.
 */
import type { ErrorSignatureId } from "./error-signatures";

/** Level of a workflow-command line (`##[error]`, `::warning …::`); `null` for ordinary output. */
export type LogLevel = "error" | "warning" | "notice" | "debug";

export type LogLine = {
  /** 1-based line number in the original log. */
  n: number;
  /** The runner's ISO-8601 timestamp (`2024-05-02T09:13:45.1234567Z`), or null when the line has none. */
  ts: string | null;
  /** The line without timestamp and ANSI codes, invisible characters stripped and secrets redacted. */
  text: string;
  /** Title of the enclosing `##[group]`, else of the current step (`Run …`), else null. */
  group: string | null;
  level: LogLevel | null;
};

/** A `##[group]` … `##[endgroup]` range (an unclosed group ends before the next group or at the last line). */
export type LogGroup = { title: string; start: number; end: number };

/** A step: from its `##[group]Run <command>` line to the line before the next step's, or the last line. */
export type LogStep = { title: string; start: number; end: number };

/** An error line; `generic` for the runner's summary (`##[error]Process completed with exit code 1.`). */
export type LogError = { n: number; signature: ErrorSignatureId; generic: boolean };

export type ParsedLog = {
  lines: LogLine[];
  groups: LogGroup[];
  steps: LogStep[];
  /** In line order. */
  errors: LogError[];
  total_lines: number;
  /** Secrets replaced by `[REDACTED:<kind>]` over the whole log. */
  redactions: number;
};

export type WindowLine = { n: number; text: string; group: string | null };

/** An inclusive line range of a window, labelled with the group of its first hit (error or match). */
export type LogRange = { from: number; to: number; group: string | null };

/**
 * Bounds of a window. `maxLines` 1–5,000 (default 400), `maxBytes` 256–1,048,576 UTF-8 bytes of line text, one byte
 * per line break included (default 65,536), `maxLineChars` 80–100,000 UTF-16 code units per line before it is cut
 * with a `… [N more chars]` marker (default 2,000).
 */
export type WindowBounds = { maxLines?: number; maxBytes?: number; maxLineChars?: number };

export type LogWindow = {
  lines: WindowLine[];
  total_lines: number;
  /** True when lines the mode selected were left out, or cut, to stay within the bounds. */
  truncated: boolean;
};
