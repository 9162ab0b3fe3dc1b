import { createLineSanitizer } from "@/lib/untrusted-text";
import { logFinding } from "./log-finding";
import { readLogLines } from "./log-lines";
import { createLogScanner, type ScannedHit } from "./log-scan";
import type { ParsedFinding, ParserInput, ReportParser } from "./types";

/** Findings yielded per log at most; past it, errors are still read (and deduplicated) but not reported. */
export const MAX_LOG_FINDINGS = 1_000;
// The runner's timestamp prefix (`2024-05-02T09:13:45.1234567Z `), as parseJobLog strips it.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z(?: |$)/;

/**
 * Parses a raw CI log (a GitHub Actions job log as `GET /repos/{o}/{r}/actions/jobs/{id}/logs` returns it, or any
 * build output) into one finding per recognised error. Streamed line by line (LF or CRLF; a line is capped at 64 KiB,
 * the rest skipped and counted in `evidence.skippedChars`; a log without any line break is one line), each line
 * without its runner timestamp and sanitised like parseJobLog's (ANSI codes and invisible characters stripped,
 * secrets redacted). `stats.itemsRead` = lines read.
 *
 * Signatures (docs/formats/log.md): the job-log tools' `ERROR_SIGNATURES` plus tsc (`a.ts(12,5): error TS2322:`,
 * `a.ts:12:5 - error TS2322:`), gcc/clang/MSVC, rustc (`error[E0382]:` + `--> src/main.rs:10:5`), go, javac and
 * Maven's `Foo.java:[10,5]`, Python tracebacks, ESLint stylish and compact, jest/vitest (`FAIL`, `●`, `✕`/`×`),
 * pytest `FAILED`/`ERROR`, go `--- FAIL:`, npm blocks (one finding per failure), `##[error]` and
 * `::error file=…,line=…::`. `kind: "log"`; `ruleId` = signature id + code (`typescript:TS2322`); severity `high` for
 * compile/type errors and failing tests, `medium` for generic errors; confidence 0.6–0.9 by signature. Deduplicated
 * within the log by rule + path + line + message; `toolFingerprint: log:<ruleId>|<path>|<message with digits masked>`.
 * The runner's own summary (`##[error]Process completed with exit code 1.`) is reported only when nothing else is.
 * At most {@link MAX_LOG_FINDINGS} findings. Never throws on content: any text is a log.
 */
export const parseLog: ReportParser = async function* parseLog(input: ParserInput, stats) {
  stats.itemsRead = 0;
  const sanitize = createLineSanitizer();
  const scanner = createLogScanner();
  const seen = new Set<string>();
  const fresh = (hits: ScannedHit[]): ParsedFinding[] => {
    const out: ParsedFinding[] = [];
    for (const hit of hits) {
      if (seen.size >= MAX_LOG_FINDINGS) break;
      const { finding, key } = logFinding(hit);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(finding);
    }
    return out;
  };
  for await (const { text, skipped } of readLogLines(input.stream)) {
    const n = ++stats.itemsRead;
    const ts = TIMESTAMP.exec(text);
    const line = sanitize(ts ? text.slice(ts[0].length) : text).text;
    const hits = scanner.feed(line, n, skipped);
    if (hits.length > 0) yield* fresh(hits);
  }
  yield* fresh(scanner.end());
  const generic = scanner.generic();
  if (seen.size === 0 && generic) yield* fresh([generic]);
};
