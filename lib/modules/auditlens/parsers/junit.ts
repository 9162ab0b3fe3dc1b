import { SaxesParser, type SaxesTagPlain } from "saxes";
import { AppError, isAppError } from "@/lib/errors";
import { appendBounded, caseFinding, caseOutcome, newCase, type CaseState } from "./junit-testcase";
import { toolFromComment, toolFromProperty, toolFromSuite, toolFromTestcase } from "./junit-tool";
import type { ParsedFinding, ParserInput, ReportParser } from "./types";

type Suite = { name?: string; file?: string };

const FORMAT = "junit";
const ROOTS = new Set(["testsuites", "testsuite"]);
const SKIPPED = new Set(["skipped"]);
const FLAKY = new Set(["flakyFailure", "flakyError"]);
const RERUN = new Set(["rerunFailure", "rerunError"]);
const OUTPUT = new Set(["system-out", "system-err"]);

function invalid(what: string, at: { line: number; column: number }): AppError {
  return new AppError("VALIDATION_ERROR", `The JUnit report is not valid: ${what} at line ${at.line}, column ${at.column}.`, { reason: "malformed_report", format: FORMAT });
}

const localName = (name: string) => name.slice(name.indexOf(":") + 1);

// The decoder for the report's bytes: UTF-8 (a BOM is dropped), or UTF-16 when the first bytes are its BOM.
function decoderFor(head: Buffer): TextDecoder {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le");
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be");
  return new TextDecoder("utf-8");
}

/**
 * Parses a JUnit-family XML test report: the JUnit XML schema as Ant and Maven Surefire write it (`junit-10.xsd`,
 * Surefire's `surefire-test-report.xsd` with `<flakyFailure>`/`<rerunFailure>` reruns), jest-junit, pytest's `xunit1`
 * and `xunit2` families, unittest-xml-reporting, PHPUnit (suites nested per class), SwiftPM/XCTest, Nette Tester,
 * googletest, TestNG and go-junit-report. A `<testsuites>` root or a bare `<testsuite>`; suites nest.
 *
 * Streamed through saxes chunk by chunk: only the current testcase is held (its failure text and output bounded to
 * 16 KiB each; saxes itself buffers one text node at a time). Counts come from the `<testcase>` elements, never the
 * `tests=`/`failures=` attributes (often wrong): `stats.tests` by outcome, `stats.itemsRead` = testcases. Outcome: a
 * `<failure>` child → failed, `<error>` → error (the first of them decides), `<skipped>` (also pytest's `xfail`) or
 * googletest `status="notrun"` → skipped, else passed; suite-level `<system-out>`/`<system-err>` are ignored.
 *
 * Findings (`kind: "test"`, `category: "test"`, `confidence: 1`): one per failed or errored testcase, severity `high`;
 * one `info` finding (`evidence: { flaky: true, reruns }`, `test.status: "passed"`) per case that passed after failed
 * runs. `ruleId` is `<classname or suite>::<name>`, the identity of the test — "the same finding" is the same test,
 * `toolFingerprint: "junit:<ruleId>"`, whatever its message. Details: docs/formats/junit.md.
 * @throws AppError `VALIDATION_ERROR`: `reason: "xml_entities_refused"` for any DOCTYPE (entity declarations live
 *   there: refused outright against entity-expansion bombs); `reason: "malformed_report"` for empty input, malformed
 *   or truncated XML and a root other than `<testsuites>`/`<testsuite>`, naming saxes' line and column (1-based line;
 *   the column of the offending character, 1-based).
 */
export const parseJunit: ReportParser = async function* parseJunit(input: ParserInput, stats) {
  stats.itemsRead = 0;
  const tests = { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0 };
  stats.tests = tests;
  const parser = new SaxesParser({ xmlns: false, position: true });
  const queue: ParsedFinding[] = [];
  const suites: Suite[] = [];
  let tool: string | undefined;
  let depth = 0;
  let kase: { state: CaseState; depth: number } | null = null;
  let capture: { into: "text" | "output"; depth: number } | null = null;
  let sawContent = false;

  const hint = (t: string | undefined) => (tool ??= t);
  parser.on("doctype", () => {
    throw new AppError("VALIDATION_ERROR", "The JUnit report declares a DOCTYPE; DTDs and entity declarations are refused.", { reason: "xml_entities_refused", format: FORMAT });
  });
  parser.on("comment", (text) => void hint(toolFromComment(text)));
  parser.on("opentag", (tag: SaxesTagPlain) => {
    depth++;
    const name = localName(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    if (depth === 1 && !ROOTS.has(name)) throw invalid(`the root element <${name}> is not <testsuites> or <testsuite>`, parser);
    if (kase) {
      if (depth !== kase.depth + 1) return;
      const c = kase.state;
      if ((name === "failure" || name === "error") && !c.outcome) {
        c.outcome = name === "failure" ? "failed" : "error";
        c.message = attrs.message;
        c.type = attrs.type;
        capture = { into: "text", depth };
      } else if (SKIPPED.has(name)) c.skipped = true;
      else if (FLAKY.has(name)) c.flaky++;
      else if (RERUN.has(name)) c.reruns++;
      else if (OUTPUT.has(name)) capture = { into: "output", depth };
      return;
    }
    if (name === "testsuites" || name === "testsuite") {
      hint(toolFromSuite(attrs));
      if (name === "testsuite") suites.push({ name: attrs.name, file: attrs.file });
    } else if (name === "property") hint(toolFromProperty(attrs));
    else if (name === "testcase") {
      hint(toolFromTestcase(attrs));
      kase = { state: newCase(attrs, suites.at(-1)), depth };
    }
  });
  const onText = (text: string) => {
    if (!capture || !kase) return;
    const c = kase.state;
    if (capture.into === "text") c.text = appendBounded(c.text, text);
    else c.output = appendBounded(c.output, c.output === "" || c.output.endsWith("\n") ? text : `\n${text}`);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (capture && depth === capture.depth) capture = null;
    if (kase && depth === kase.depth) {
      const c = kase.state;
      kase = null;
      const outcome = caseOutcome(c);
      stats.itemsRead++;
      tests.total++;
      if (outcome === "passed") tests.passed++;
      else if (outcome === "failed") tests.failed++;
      else if (outcome === "error") tests.errored++;
      else tests.skipped++;
      const finding = caseFinding(c, { tool: tool ?? "junit", lineBase: tool === "pytest" ? 0 : 1 });
      if (finding) queue.push(finding);
    } else if (!kase && name === "testsuite") suites.pop();
    depth--;
  });

  // saxes throws its own Error (`<line>:<column>: <what>`) on the first well-formedness error; our handlers throw
  // AppErrors, which pass through as they are.
  const feed = (text: string | null) => {
    try {
      if (text === null) parser.close();
      else parser.write(text);
    } catch (e) {
      if (isAppError(e)) throw e;
      const what = (e instanceof Error ? e.message : String(e)).replace(/^\d+:\d+: /, "").replace(/\.$/, "");
      if (!sawContent) throw invalid("empty input", parser);
      throw invalid(what, parser);
    }
  };
  let decoder: TextDecoder | null = null;
  for await (const chunk of input.stream as AsyncIterable<Buffer | string>) {
    const text = typeof chunk === "string" ? chunk : (decoder ??= decoderFor(chunk)).decode(chunk, { stream: true });
    sawContent ||= /[^\s\uFEFF]/.test(text);
    feed(text);
    if (queue.length > 0) yield* queue.splice(0);
  }
  if (decoder) feed(decoder.decode());
  feed(null);
  yield* queue.splice(0);
};
