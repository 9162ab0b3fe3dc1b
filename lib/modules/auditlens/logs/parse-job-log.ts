import { createLineSanitizer } from "@/lib/untrusted-text";
import { isGenericError, matchErrorSignature, type ErrorSignatureId } from "./error-signatures";
import type { LogError, LogGroup, LogLevel, LogLine, LogStep, ParsedLog } from "./types";

// The runner prefixes every line with `2024-05-02T09:13:45.1234567Z ` (7 fractional digits; 0–9 accepted).
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)(?: |$)/;
const COMMAND = /^##\[(group|endgroup|error|warning|notice|debug|command)\]/;
// Commands as a step writes them (`::error file=a.ts,line=10::msg`), seen when a tool echoes them verbatim.
const ANNOTATION = /^::(group|endgroup|error|warning|notice|debug)(?:\s[^\n]*?)?::/;
const STEP_START = /^Run /;
const ECHOED_COMMAND = /^\[command\]/;

/**
 * Parses a GitHub Actions job log (the text of `GET /repos/{o}/{r}/actions/jobs/{id}/logs`): one entry per line,
 * LF or CRLF, an optional leading BOM. Each line loses its timestamp (kept in `ts`) and is sanitised with
 * {@link createLineSanitizer} (ANSI codes and invisible characters stripped, secrets — also multi-line private keys —
 * redacted); `##[…]` markers stay in `text`. Groups come from `##[group]`/`##[endgroup]` (a new group closes an open
 * one: the runner does not nest them); steps start at `##[group]Run …` lines. Errors are `##[error]` and `::error …::`
 * lines plus output lines matching `ERROR_SIGNATURES` (error-signatures.ts). One pass, line by line: a 50 MB log keeps only the line
 * records (their texts are slices of `text` unless sanitising changed them). Never throws.
 */
export function parseJobLog(text: string): ParsedLog {
  const sanitize = createLineSanitizer();
  const lines: LogLine[] = [];
  const groups: LogGroup[] = [];
  const steps: LogStep[] = [];
  const errors: LogError[] = [];
  let redactions = 0;
  let open: { title: string; start: number; header: boolean } | null = null;
  let step: LogStep | null = null;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let n = 0;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
    n++;
    const ts = TIMESTAMP.exec(raw);
    const clean = sanitize(ts ? raw.slice(ts[0].length) : raw);
    redactions += clean.redactions;
    const line = clean.text;
    const command = COMMAND.exec(line)?.[1] ?? ANNOTATION.exec(line)?.[1];
    if (command === "group") {
      if (open) groups.push({ title: open.title, start: open.start, end: n - 1 });
      const title = line.slice(9); // after `##[group]` or `::group::`, both 9 characters
      const isStep = STEP_START.test(title);
      if (isStep) {
        if (step) steps.push({ ...step, end: n - 1 });
        step = { title, start: n, end: n };
      }
      open = { title, start: n, header: isStep };
    }
    const level: LogLevel | null =
      command === "error" || command === "warning" || command === "notice" || command === "debug" ? command : null;
    lines.push({ n, ts: ts?.[1] ?? null, text: line, group: open?.title ?? step?.title ?? null, level });
    let signature: ErrorSignatureId | null = null;
    if (level === "error") signature = line.startsWith("##") ? "##[error]" : "::error";
    else if (!command && !open?.header && !ECHOED_COMMAND.test(line)) signature = matchErrorSignature(line);
    if (signature) errors.push({ n, signature, generic: isGenericError(line) });
    if (command === "endgroup" && open) {
      groups.push({ title: open.title, start: open.start, end: n });
      open = null;
    }
  }
  if (open) groups.push({ title: open.title, start: open.start, end: n });
  if (step) steps.push({ ...step, end: n });
  return { lines, groups, steps, errors, total_lines: n, redactions };
}
