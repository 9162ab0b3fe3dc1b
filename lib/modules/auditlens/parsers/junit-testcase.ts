/**
 * One `<testcase>` of a JUnit-family report: what its children said (collected while they stream past, bounded), its
 * outcome, and the finding it becomes.
 */
import { reportText, TEXT_LIMITS } from "./report-text";
import { normaliseReportPath } from "./scanner-report-path";
import type { ParsedFinding } from "./types";

export type Outcome = "passed" | "failed" | "error" | "skipped";

/** A testcase being read. `text` and `output` are bounded to {@link CAPTURE_CHARS} each. */
export type CaseState = {
  attrs: Record<string, string>;
  /** Name and `file` of the innermost enclosing `<testsuite>`. */
  suite?: string;
  suiteFile?: string;
  /** Set by the first `<failure>` or `<error>` child: that one decides. */
  outcome: "failed" | "error" | null;
  skipped: boolean;
  message?: string;
  type?: string;
  /** The failure/error body (text and CDATA). */
  text: string;
  /** The case's own `<system-out>`/`<system-err>`: the stack when the failure has no text. */
  output: string;
  /** Surefire/JUnit 5 `<flakyFailure>`/`<flakyError>` children: failed runs before the pass. */
  flaky: number;
  /** Surefire `<rerunFailure>`/`<rerunError>` children: reruns that failed too. */
  reruns: number;
};

/** Characters of failure text and of output kept per testcase; the stack needs far less. */
export const CAPTURE_CHARS = 16_384;
/** Lines of failure text kept as the stack. */
export const STACK_LINES = 15;
// googletest `status="notrun"`, `result="skipped"`; others write `<skipped/>`.
const SKIP_STATUS = /^(?:notrun|disabled|skipped)$/i;
// Source-file extensions that make a bare `classname` (no slash) a path rather than a dotted class name.
const SOURCE_EXT = /\.(?:[cm]?[jt]sx?|py|rb|php|phpt|go|java|kt|swift|cs|rs|c|cc|cpp|vue|svelte)$/i;

/** A testcase just opened, with its attributes and the innermost enclosing suite. */
export function newCase(attrs: Record<string, string>, suite?: { name?: string; file?: string }): CaseState {
  return { attrs, suite: suite?.name, suiteFile: suite?.file, outcome: null, skipped: false, text: "", output: "", flaky: 0, reruns: 0 };
}

/** Append streamed text to a bounded buffer. */
export function appendBounded(buf: string, more: string): string {
  return buf.length >= CAPTURE_CHARS ? buf : buf + more.slice(0, CAPTURE_CHARS - buf.length);
}

/** The outcome of a finished testcase: its first `<failure>`/`<error>`, else skipped, else passed. */
export function caseOutcome(c: CaseState): Outcome {
  if (c.outcome) return c.outcome;
  if (c.skipped || SKIP_STATUS.test(c.attrs.status ?? "") || SKIP_STATUS.test(c.attrs.result ?? "")) return "skipped";
  return "passed";
}

/**
 * A `time` attribute (seconds) in milliseconds, rounded to the microsecond: `0.002` → 2, `1,234.5` → 1234500 (commas as
 * thousands separators), `0,25` → 250 (a decimal comma, as some locales write it). Missing, negative or not a number →
 * undefined.
 */
export function durationMs(time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  let t = time.trim();
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(t) && !t.startsWith("0,")) t = t.replace(/,/g, "");
  else if (/^\d+,\d+$/.test(t)) t = t.replace(",", ".");
  const s = t === "" ? NaN : Number(t);
  return Number.isFinite(s) && s >= 0 ? Math.round(s * 1e6) / 1e3 : undefined;
}

// A `file` attribute or a name that looks like a path; unittest-xml-reporting writes `file=".py"` on suites.
function explicitFile(v: string | undefined): string | undefined {
  return v && !/^\.\w*$/.test(v.trim()) ? normaliseReportPath(v) : undefined;
}
function pathLike(v: string | undefined): string | undefined {
  if (v === undefined || v.length > 1000) return undefined;
  const p = v.replace(/ \[[^\]]*\]$/, "").trim(); // Nette Tester: `tests/a.phpt [method=testX]`
  if (!p || /\s/.test(p)) return undefined;
  return (/[\\/]/.test(p) && /\.\w{1,8}$/.test(p)) || SOURCE_EXT.test(p) ? normaliseReportPath(p) : undefined;
}

/** The test's file: `file` on the case, else on its suite, else a classname, suite name or case name that is a path. */
export function casePath(c: CaseState): string | undefined {
  return explicitFile(c.attrs.file) ?? explicitFile(c.suiteFile) ?? pathLike(c.attrs.classname) ?? pathLike(c.suite) ?? pathLike(c.attrs.name);
}

// pytest's long report ends with the failing line: `tests/test_lib.py:25: AssertionError`.
const PYTEST_WHERE = /^[ \t]*([^\s:][^:\n]*\.py):(\d+): \S/gm;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Where the test failed: the path of {@link casePath} (pytest `xunit2` has none: the `path.py:N:` line its failure text
 * ends with), and the line: the `line` attribute (counted from `lineBase`), else the first `<path>:N` or `<path>(N)`
 * in the failure text (the test file's frame in a stack trace).
 */
function caseLocation(c: CaseState, body: string, o: { tool: string; lineBase: 0 | 1 }): { path?: string; startLine?: number } {
  let path = casePath(c);
  const lineAttr = c.attrs.line === undefined ? NaN : Number(c.attrs.line) + (1 - o.lineBase);
  if (path && Number.isInteger(lineAttr) && lineAttr >= 1) return { path, startLine: lineAttr };
  const text = body.replace(/\\/g, "/");
  if (!path && o.tool === "pytest") {
    const hit = [...text.matchAll(PYTEST_WHERE)].at(-1);
    path = hit ? normaliseReportPath(hit[1]) : undefined;
    if (path && hit) return { path, startLine: Number(hit[2]) };
  }
  if (!path) return {};
  const frame = new RegExp(`(?:^|[\\s/(])${escapeRe(path)}(?::|\\()(\\d+)`, "m").exec(text);
  const line = frame ? Number(frame[1]) : NaN;
  return line >= 1 ? { path, startLine: line } : { path };
}

function firstLine(s: string): string | undefined {
  return s.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "");
}

function stackOf(s: string): string | undefined {
  const lines = s.split(/\r?\n/).map((l) => l.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  return reportText(lines.slice(0, STACK_LINES).join("\n"), TEXT_LIMITS.stack);
}

/**
 * The finding a finished testcase yields, or undefined for passed and skipped cases: one per failed or errored case
 * (severity `high` for both: an error — an exception outside an assertion, a suite that failed to load — breaks the
 * build as surely as a failed assertion), and one `info` finding for a case that passed only after failed runs
 * (flaky). `lineBase` is 1, or 0 for pytest, whose `line` attribute counts from 0.
 */
export function caseFinding(c: CaseState, o: { tool: string; lineBase: 0 | 1 }): ParsedFinding | undefined {
  const outcome = caseOutcome(c);
  // A pass after failed runs; `<rerunFailure>` belongs with a final `<failure>`, but counts as flaky without one.
  const failedRuns = c.flaky + (c.outcome ? 0 : c.reruns);
  const flaky = outcome === "passed" && failedRuns > 0;
  if (outcome !== "failed" && outcome !== "error" && !flaky) return undefined;
  const name = reportText(c.attrs.name, TEXT_LIMITS.id) ?? "(unnamed)";
  const suite = reportText(c.attrs.classname, TEXT_LIMITS.id) ?? reportText(c.suite, TEXT_LIMITS.id);
  const ruleId = reportText(suite ? `${suite}::${name}` : name, TEXT_LIMITS.id) ?? name;
  const label = suite && suite !== name ? `${suite} › ${name}` : name;
  const body = c.text.trim() !== "" ? c.text : c.output;
  const { path, startLine } = caseLocation(c, `${body}\n${c.message ?? ""}`, o);
  const message = reportText(c.message, TEXT_LIMITS.message) ?? reportText(firstLine(body), TEXT_LIMITS.message);
  const status = flaky ? "passed" : outcome;
  const verb = flaky ? "Flaky test" : outcome === "failed" ? "Test failed" : "Test errored";
  const failureType = reportText(c.type, 200);
  const stack = flaky ? undefined : stackOf(body);
  const duration = durationMs(c.attrs.time);
  const evidence: Record<string, unknown> = {
    ...(flaky ? { flaky: true, reruns: failedRuns } : {}),
    ...(!flaky && c.reruns > 0 ? { reruns: c.reruns } : {}),
    ...(failureType ? { failureType } : {}),
  };
  return {
    kind: "test",
    tool: o.tool,
    ruleId,
    category: "test",
    severity: flaky ? "info" : "high",
    title: reportText(flaky ? `${verb}: ${label} (passed after ${failedRuns} failed run${failedRuns === 1 ? "" : "s"})` : `${verb}: ${label}`, TEXT_LIMITS.title) ?? verb,
    ...(message ? { description: message } : {}),
    confidence: 1,
    ...(path ? { location: { path, ...(startLine ? { startLine } : {}) } } : {}),
    test: {
      ...(suite ? { suite } : {}),
      name,
      status,
      ...(message ? { message } : {}),
      ...(stack ? { stack } : {}),
      ...(duration !== undefined ? { durationMs: duration } : {}),
      ...(path ? { file: path } : {}),
    },
    toolFingerprint: `junit:${ruleId}`,
    ...(Object.keys(evidence).length > 0 ? { evidence } : {}),
  };
}
