/**
 * The state machine that reads a CI log line by line and yields the errors in it. Besides the single-line extractors
 * (log-signatures.ts) and multi-line blocks (log-blocks.ts) it follows GitHub Actions' structure as parseJobLog does:
 * nothing inside a step's `##[group]Run …` header (the script being echoed, not its output) or on `[command]`,
 * warning, notice and debug lines is an error; `##[error]` and `::error …::` lines are (their message read by the
 * extractors first, so a problem-matcher annotation of a tsc error is that tsc error). A failing-test line that only
 * names a test file or a leaf test (jest `FAIL src/a.test.ts`, `✕ adds`) is held back until the end and reported only
 * when no fuller report of that test (`● Suite › adds`) or file came.
 */
import { isGenericError } from "../logs/error-signatures";
import { locationBlock, npmBlock, stackBlock, testBlock, tracebackBlock, type Block } from "./log-blocks";
import { extractCompileError, extractLine, SKIP, type LogHit } from "./log-signatures";

/** A hit with the 1-based log line it starts on, that line's text, and the characters skipped past the line cap. */
export type ScannedHit = LogHit & { n: number; text: string; skipped: number };

const COMMAND = /^##\[(group|endgroup|error|warning|notice|debug|command)\]/;
const ANNOTATION = /^::(group|endgroup|error|warning|notice|debug)(?:\s+([^\n]*?))?::/;
const TRACEBACK = /^\s*Traceback \(most recent call last\):/;
const NPM = /^npm (?:ERR!|error)(?:\s|$)/;
const JEST_CASE = /^\s*● (?!Console\s*$)(?<name>.*?\S)\s*$/;
const PASS_FILE = /^\s*PASS\s+\S/;
const VITEST_FILE = /^\s*❯ (?<path>\S+\.\w+)(?:\s|$)/;
const ESLINT_HEADER = /^(?:[A-Za-z]:)?[^\s:*?"<>|]*[\\/][^\s:*?"<>|]*\.[A-Za-z0-9]+$|^[^\s:*?"<>|\\/]+\.(?:[cm]?[jt]sx?|vue|svelte|astro)$/;
const ESLINT_ROW = /^\s+(?<line>\d+):(?<col>\d+)\s+error\s+(?<msg>.*?\S)(?:\s{2,}(?<code>[@\w/.-]+))?\s*$/;
const MAX_DEFERRED = 1_000;

// `::error file=a.ts,line=3,col=5,title=T::msg`: properties and message escaped as the toolkit does (%25 %0D %0A %3A %2C).
const unescape = (s: string) => s.replace(/%0D/gi, "\r").replace(/%0A/gi, "\n").replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%25/g, "%");
function annotationProps(raw: string | undefined): Record<string, string> {
  const props: Record<string, string> = {};
  for (const part of (raw ?? "").split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) props[part.slice(0, eq).trim()] = unescape(part.slice(eq + 1));
  }
  return props;
}

export type LogScanner = {
  /** The hits a line completes (possibly hits started on earlier lines). `line` is sanitised, without timestamp. */
  feed(line: string, n: number, skipped: number): ScannedHit[];
  /** The hits still open or held back at the end of the log. */
  end(): ScannedHit[];
  /** The first runner summary line (`##[error]Process completed with exit code 1.`): reported only when nothing else is. */
  generic(): ScannedHit | null;
};

/** A scanner for one log, fed its lines in order (see the module comment for what it recognises). */
export function createLogScanner(): LogScanner {
  let block: (Block & { hit: ScannedHit }) | null = null;
  let runHeader = false;
  let eslintFile: string | null = null;
  let testFile: string | null = null;
  let generic: ScannedHit | null = null;
  const deferred: { hit: ScannedHit; file: boolean; covered: boolean }[] = [];

  const finish = (): ScannedHit[] => {
    const b = block;
    block = null;
    return b && !b.drop ? [b.hit] : [];
  };
  // Blocks update their hit in place: it is a ScannedHit whenever it was started from one.
  const start = (b: Block, out: ScannedHit[]) => {
    out.push(...finish());
    block = b as Block & { hit: ScannedHit };
  };
  const defer = (hit: ScannedHit, file: boolean) => {
    if (deferred.length < MAX_DEFERRED) deferred.push({ hit, file, covered: false });
  };
  // A full report of a test covers the held-back lines about it: the leaf name, or the file.
  const cover = (hit: LogHit) => {
    const name = hit.test?.name ?? "";
    for (const d of deferred) {
      if (d.covered) continue;
      const leaf = d.hit.test?.name ?? "";
      if (d.file ? d.hit.path === hit.path : name === leaf || name.endsWith(` › ${leaf}`) || name.endsWith(` > ${leaf}`)) d.covered = true;
    }
  };

  function workflowError(line: string, n: number, skipped: number, annotation: RegExpExecArray | null): ScannedHit | null {
    if (!annotation && isGenericError(line)) {
      generic ??= { signature: "##[error]", message: line.slice(9).trim(), n, text: line, skipped };
      return null;
    }
    const props = annotationProps(annotation?.[2]);
    const [message = "", ...rest] = (annotation ? unescape(line.slice(annotation[0].length)) : line.slice(9)).split(/\r?\n/);
    const inner = extractLine(message.trim());
    if (inner === SKIP) return null;
    const title = props.title?.trim();
    const hit: ScannedHit = {
      ...(inner ?? { signature: annotation ? "::error" : "##[error]", message: title && message.trim() !== "" ? `${title}: ${message.trim()}` : message.trim() || (title ?? "error") }),
      n, text: line, skipped,
    };
    if (props.file && !hit.path) hit.path = props.file;
    const at = Number(props.line);
    if (Number.isInteger(at) && at > 0 && hit.line === undefined) hit.line = at;
    const col = Number(props.col);
    if (Number.isInteger(col) && col > 0 && hit.column === undefined) hit.column = col;
    if (rest.length > 0) hit.detail = [...(hit.detail ?? []), ...rest.map((l) => l.trim()).filter(Boolean)].slice(0, 15);
    return hit;
  }

  function feed(line: string, n: number, skipped: number): ScannedHit[] {
    const out: ScannedHit[] = [];
    const command = COMMAND.exec(line)?.[1];
    const annotation = command ? null : ANNOTATION.exec(line);
    const kind = command ?? annotation?.[1];
    if (kind === "group" || kind === "endgroup") {
      out.push(...finish());
      runHeader = kind === "group" && /^Run /.test(line.slice(9));
      eslintFile = null;
      testFile = null;
      return out;
    }
    if (kind === "error") {
      out.push(...finish());
      const hit = workflowError(line, n, skipped, annotation);
      if (hit) out.push(hit);
      return out;
    }
    if (runHeader || /^\[command\]/.test(line)) return out;
    if (kind) return out;

    if (block) {
      const r = block.absorb(line);
      if (r === "take") {
        const inner = block.kind === "test" ? extractCompileError(line) : null;
        if (inner) out.push({ ...inner, n, text: line, skipped });
        return out;
      }
      const done = finish();
      out.push(...done);
      if (r === "done") return out;
    }
    const at = (h: LogHit): ScannedHit => ({ ...h, n, text: line, skipped });

    if (line.trim() === "" || /^\s*✖ \d+ problems?/.test(line)) eslintFile = null;
    if (TRACEBACK.test(line)) {
      start(tracebackBlock(at({ signature: "python_traceback", message: "Traceback", tool: "python" })), out);
      return out;
    }
    if (NPM.test(line)) {
      const hit = at({ signature: "npm", message: "npm", tool: "npm" });
      start(npmBlock(hit), out);
      block!.absorb(line);
      return out;
    }
    const row = eslintFile ? ESLINT_ROW.exec(line)?.groups : undefined;
    if (row) return [...out, at({ signature: "eslint", message: row.msg!, path: eslintFile!, line: Number(row.line), column: Number(row.col), ...(row.code ? { code: row.code } : {}) })];
    // jest indents its `●` cases; systemd's `● unit.service` at the margin is no test.
    const jestCase = testFile || /^\s/.test(line) ? JEST_CASE.exec(line)?.groups : undefined;
    if (jestCase) {
      const hit = at({ signature: "test_case", message: jestCase.name!, tool: "jest", test: { name: jestCase.name! }, ...(testFile ? { path: testFile } : {}) });
      cover(hit);
      start(testBlock(hit), out);
      return out;
    }
    if (PASS_FILE.test(line)) testFile = null;
    const vitestFile = VITEST_FILE.exec(line)?.groups?.path;
    if (vitestFile) testFile = vitestFile;

    const h = extractLine(line);
    if (h === SKIP) return out;
    if (h === null) {
      if (ESLINT_HEADER.test(line)) eslintFile = line;
      return out;
    }
    const hit = at(h);
    if (hit.signature === "test_case") {
      if (testFile && !hit.path) hit.path = testFile;
      defer(hit, false);
    } else if (hit.signature === "test_fail" && hit.test?.name === hit.path && hit.tool !== "pytest") {
      testFile = hit.path ?? null; // jest `FAIL src/a.test.ts`: the file of the `●` cases that follow
      defer(hit, true);
    } else if (hit.signature === "test_fail") {
      cover(hit);
      if (hit.tool === "pytest") out.push(hit);
      else start(testBlock(hit), out);
    } else if (hit.signature === "rust" || (hit.signature === "compiler" && !hit.path)) start(locationBlock(hit), out);
    else if (hit.signature === "exception") start(stackBlock(hit), out);
    else out.push(hit);
    return out;
  }

  return {
    feed,
    end: () => [...finish(), ...deferred.filter((d) => !d.covered).map((d) => d.hit)],
    generic: () => generic,
  };
}
