/**
 * The error signatures recognised in job-log output, in the order they are tried (the first match names the line).
 * Matched against a line's sanitised text, without timestamp and ANSI codes. Workflow-command errors (`##[error]`,
 * `::error …::`) are recognised by the parser; the rest only on output lines — not on a step's `##[group]Run …`
 * header (that echoes the script, not its output), nor on `##[command]`/`[command]`, warning, notice or debug lines.
 */
export const ERROR_SIGNATURES = [
  // Exceptions at the start of a line: `Error: …`, `TypeError: …`, `Error [ERR_X]: …`, `java.io.IOException: …`.
  { id: "exception", re: /^\s*(?:Uncaught )?(?:[a-z][\w$]*\.)*\w*(?:Error|Exception)(?: \[[A-Z0-9_]+\])?: / },
  { id: "typescript", re: /\berror TS\d+:/ },
  // Compilers and CLIs: `error: …`, `src/a.c:3:7: error: …`, Rust `error[E0308]: …`.
  { id: "rust", re: /^\s*error\[E\d{4}\]/ },
  { id: "compiler", re: /^(?:\S+:\d+(?::\d+)?: (?:fatal )?)?error: / },
  // Test runners: jest/vitest `FAIL  src/a.test.ts`, `✕`/`×` failed cases, pytest `FAILED`, go `--- FAIL:`.
  { id: "test_fail", re: /^\s*(?:FAIL(?:ED)?\s|--- FAIL: )/ },
  { id: "test_case", re: /^\s*[✕×✗✘]\s/ },
  { id: "npm", re: /^npm (?:ERR!|error)(?:\s|$)/ },
  { id: "python_traceback", re: /^\s*Traceback \(most recent call last\):/ },
  { id: "panic", re: /^(?:panic: |thread '[^']*' panicked at )/ },
  { id: "fatal", re: /\bFATAL\b|^fatal: / },
] as const satisfies readonly { id: string; re: RegExp }[];

/** Where an error line was recognised: a workflow command or one of {@link ERROR_SIGNATURES}. */
export type ErrorSignatureId = "##[error]" | "::error" | (typeof ERROR_SIGNATURES)[number]["id"];

// The runner's own summary lines: true, but they say nothing about the cause.
const GENERIC = /^##\[error\](?:Process completed with exit code \d+\.?|The operation was canceled\.?|The job was canceled.*|The runner has received a shutdown signal.*)$/;

/** True for the runner's summary error lines (`##[error]Process completed with exit code 1.`). */
export function isGenericError(text: string): boolean {
  return GENERIC.test(text);
}

/** The id of the first {@link ERROR_SIGNATURES} entry matching an output line's text, or null. */
export function matchErrorSignature(text: string): ErrorSignatureId | null {
  for (const { id, re } of ERROR_SIGNATURES) if (re.test(text)) return id;
  return null;
}
