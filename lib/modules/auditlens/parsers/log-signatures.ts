/**
 * Single-line error extractors for raw CI logs. A line is first classified by the job-log tools' own
 * `matchErrorSignature` (logs/error-signatures.ts), so a line `get_job_log` calls an error is an error here too, under
 * the same signature id; the extractor of that family then reads its file, line, column, code and message. Formats
 * `ERROR_SIGNATURES` does not know (go, Maven javac, ESLint compact, MSVC, pytest `ERROR`) are tried on the other lines.
 * Multi-line forms (tracebacks, npm blocks, rustc `-->`, jest `●`, ESLint stylish) are assembled in log-scan.ts.
 */
import { matchErrorSignature, type ErrorSignatureId } from "../logs/error-signatures";

/** An error recognised in a log, before it becomes a finding. `message` is its identity (with path, line and rule). */
export type LogHit = {
  /** An `ErrorSignatureId`, or `go`, `javac`, `eslint`, `python_traceback`… (see docs/formats/log.md). */
  signature: string;
  /** The tool's error code: `TS2322`, `E0382`, `C2065`, an npm code, an exception class, an ESLint rule. */
  code?: string;
  message: string;
  path?: string;
  line?: number;
  column?: number;
  /** The tool, when the line names it (`jest`, `pytest`, `go`); else the signature's default. */
  tool?: string;
  /** For test signatures: the test, as the runner names it (`message` is the same name). */
  test?: { name: string };
  /** Lines after the error line that explain it (stack, diagnostic context), bounded by the scanner. */
  detail?: string[];
};

/** Skip: a line of a known shape that adds nothing (a summary of errors already reported). */
export const SKIP = "skip" as const;
type Extracted = LogHit | typeof SKIP | null;

const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));

function hit(signature: string, g: Record<string, string | undefined>, extra: Partial<LogHit> = {}): LogHit {
  const message = (g.msg ?? "").trim();
  return {
    signature,
    message: message === "" ? signature : message,
    ...(g.code ? { code: g.code } : {}),
    ...(g.path ? { path: g.path } : {}),
    ...(g.line ? { line: num(g.line) } : {}),
    ...(g.col ? { column: num(g.col) } : {}),
    ...extra,
  };
}

function first(line: string, res: readonly RegExp[]): Record<string, string | undefined> | null {
  for (const re of res) {
    const m = re.exec(line);
    if (m) return m.groups ?? {};
  }
  return null;
}

const TYPESCRIPT = [
  /^\s*(?<path>[^\s(][^()]*?)\((?<line>\d+),(?<col>\d+)\): error (?<code>TS\d+): (?<msg>.+)$/,
  /^\s*(?<path>\S+?):(?<line>\d+):(?<col>\d+) - error (?<code>TS\d+): (?<msg>.+)$/,
  /^\s*error (?<code>TS\d+): (?<msg>.+)$/,
];
const GCC = /^\s*(?<path>(?:[A-Za-z]:)?[^\s:]+?):(?<line>\d+):(?:(?<col>\d+):)? (?:fatal )?error: (?<msg>.+)$/;
const BARE_ERROR = /^\s*(?:fatal )?error: (?<msg>.+)$/;
// rustc/cargo summaries of errors already reported one by one.
const ERROR_SUMMARY = /^error: (?:could not compile|aborting due to|build failed)/;
const RUST = /^\s*error\[(?<code>E\d{4})\]: (?<msg>.+)$/;
const MSVC = /^\s*(?<path>[^\s(][^()]*?)\((?<line>\d+)(?:,(?<col>\d+))?\) ?: (?:fatal )?error (?<code>[A-Z]+\d+): (?<msg>.+)$/;
const MAVEN_JAVAC = /^(?:\[ERROR\] )?(?<path>(?:[A-Za-z]:)?[^\s:]+\.java):\[(?<line>\d+),(?<col>\d+)\] (?:error: )?(?<msg>.+)$/;
const GO = /^(?<path>(?:\.{1,2}\/)?[^\s:]+\.go):(?<line>\d+):(?<col>\d+): (?<msg>.+)$/;
const ESLINT_COMPACT = /^(?<path>\S.*?): line (?<line>\d+), col (?<col>\d+), Error - (?<msg>.+?)(?: \((?<code>[^()\s]+)\))?$/;
const PYTEST = /^\s*(?<kind>FAILED|ERROR) (?<path>[^\s:]+\.py)(?:::(?<name>.+?))?(?: - (?<msg>.*))?$/;
const GO_TEST = /^\s*--- FAIL: (?<name>\S+)/;
const GO_PACKAGE = /^FAIL(?:\t|\s*$)/;
const JEST_FILE = /^\s*FAIL\s+(?<path>\S+)(?<rest>.*)$/;
const TEST_CASE = /^\s*(?<mark>[✕×✗✘])\s+(?<name>.*?\S)(?:\s+\(?\d+(?:\.\d+)?\s*m?s\)?)?\s*$/;
const EXCEPTION = /^\s*(?:Uncaught )?(?<cls>(?:[a-z][\w$]*\.)*\w*(?:Error|Exception))(?: \[(?<code>[A-Z0-9_]+)\])?: (?<msg>.+)$/;
const GO_PANIC = /^panic: (?<msg>.+)$/;
const RUST_PANIC = /^thread '(?<thread>[^']*)' panicked at (?:'(?<msg>.*)', )?(?<path>[^\s:]+):(?<line>\d+):(?<col>\d+):?\s*(?<rest>.*)$/;

function compiler(line: string): Extracted {
  if (ERROR_SUMMARY.test(line)) return SKIP;
  const g = GCC.exec(line)?.groups;
  if (g) return hit(/\.java$/i.test(g.path ?? "") ? "javac" : "compiler", g);
  const bare = BARE_ERROR.exec(line)?.groups;
  return bare ? hit("compiler", bare) : null;
}

// `FAIL` / `FAILED` / `--- FAIL:` lines: pytest, go test, jest and vitest.
function testFail(line: string): Extracted {
  const py = PYTEST.exec(line)?.groups;
  if (py) return pytest(py);
  const go = GO_TEST.exec(line)?.groups;
  if (go) return hit("test_fail", { msg: go.name }, { tool: "go", test: { name: go.name! } });
  if (GO_PACKAGE.test(line)) return SKIP;
  const js = JEST_FILE.exec(line)?.groups;
  if (!js) return null;
  // vitest: `FAIL  src/a.test.ts > suite > case`, `FAIL  src/a.test.ts [ src/a.test.ts ]`; jest: `FAIL  src/a.test.ts (5.2 s)`.
  const name = /^\s+>\s+(.*?\S)\s*$/.exec(js.rest ?? "")?.[1];
  if (name) return hit("test_fail", { msg: name, path: js.path }, { tool: "vitest", test: { name } });
  return hit("test_fail", { msg: js.path, path: js.path }, { tool: /\[/.test(js.rest ?? "") ? "vitest" : "jest", test: { name: js.path! } });
}

function pytest(g: Record<string, string | undefined>): LogHit {
  const name = g.name ?? g.path!;
  const error = g.msg?.trim();
  return hit("test_fail", { msg: name, path: g.path }, {
    tool: "pytest",
    test: { name },
    ...(g.kind === "ERROR" ? { code: "ERROR" } : {}),
    ...(error ? { detail: [error] } : {}),
  });
}

const byFamily: Partial<Record<ErrorSignatureId, (line: string) => Extracted>> = {
  typescript: (line) => {
    const g = first(line, TYPESCRIPT);
    return g ? hit("typescript", g) : null;
  },
  rust: (line) => {
    const g = RUST.exec(line)?.groups;
    return g ? hit("rust", g) : null;
  },
  compiler,
  test_fail: testFail,
  test_case: (line) => {
    const g = TEST_CASE.exec(line)?.groups;
    const tool = g?.mark === "✕" ? "jest" : g?.mark === "×" ? "vitest" : undefined;
    return g ? hit("test_case", { msg: g.name }, { test: { name: g.name! }, ...(tool ? { tool } : {}) }) : null;
  },
  exception: (line) => {
    const g = EXCEPTION.exec(line)?.groups;
    return g ? hit("exception", { ...g, code: g.code ?? g.cls }) : null;
  },
  panic: (line) => {
    const go = GO_PANIC.exec(line)?.groups;
    if (go) return hit("panic", go, { tool: "go" });
    const r = RUST_PANIC.exec(line)?.groups;
    if (!r) return null;
    const msg = r.msg ?? (r.rest?.trim() || `thread '${r.thread}' panicked`);
    return hit("panic", { ...r, msg }, { tool: "rustc" });
  },
  fatal: (line) => hit("fatal", { msg: line }),
};

// Formats ERROR_SIGNATURES does not classify, tried in order on the lines it leaves unclassified.
const EXTRA: readonly ((line: string) => LogHit | null)[] = [
  (line) => {
    const g = MSVC.exec(line)?.groups;
    return g ? hit("compiler", g, { tool: "msvc" }) : null;
  },
  (line) => {
    const g = MAVEN_JAVAC.exec(line)?.groups;
    return g ? hit("javac", g) : null;
  },
  (line) => {
    const g = GO.exec(line)?.groups;
    return g ? hit("go", g) : null;
  },
  (line) => {
    const g = ESLINT_COMPACT.exec(line)?.groups;
    return g ? hit("eslint", g) : null;
  },
  (line) => {
    const g = PYTEST.exec(line)?.groups;
    return g ? pytest(g) : null;
  },
];

/**
 * The error on one log line (sanitised, without timestamp), or null. A line `matchErrorSignature` classifies but no
 * extractor reads becomes a hit of that signature with the whole line as its message; npm and Python-traceback lines
 * are left to the scanner (null here), and rustc/cargo/go summary lines are {@link SKIP}ped.
 */
export function extractLine(line: string): LogHit | typeof SKIP | null {
  const signature = matchErrorSignature(line);
  if (signature === null) {
    for (const extract of EXTRA) {
      const h = extract(line);
      if (h) return h;
    }
    return null;
  }
  if (signature === "npm" || signature === "python_traceback") return null;
  return byFamily[signature]?.(line) ?? { signature, message: line.trim() };
}

const COMPILE = new Set(["typescript", "rust", "javac", "go"]);

/** Compile-time errors only (typescript, rustc, gcc/clang/javac, MSVC, go): also read inside a failing test's output. */
export function extractCompileError(line: string): LogHit | null {
  const h = extractLine(line);
  if (h === null || h === SKIP) return null;
  return COMPILE.has(h.signature) || (h.signature === "compiler" && h.path) ? h : null;
}
