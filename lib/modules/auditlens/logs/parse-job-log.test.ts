import { describe, expect, it } from "vitest";
import { FAILING_JOB, longJob, stamp } from "./job-log-fixture";
import { parseJobLog } from "./parse-job-log";

const fakeToken = `ghp_${"Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7"}`.slice(0, 40);

describe("parseJobLog reads a GitHub Actions job log line by line", () => {
  const log = parseJobLog(stamp(FAILING_JOB));

  it("numbers lines from 1, keeps the timestamp apart and strips BOM, ANSI codes and timestamps from the text", () => {
    expect(log.total_lines).toBe(38);
    expect(log.lines).toHaveLength(38);
    expect(log.lines[0]).toEqual({ n: 1, ts: "2024-05-02T09:13:45.0000000Z", text: "Current runner version: '2.317.0'", group: null, level: null });
    expect(log.lines[26]).toMatchObject({ n: 27, ts: "2024-05-02T09:13:47.6000026Z", text: "src/cart.ts(42,7): error TS2322: Type 'string' is not assignable to type 'number'." });
    expect(log.lines[13]!.text).toBe("npm ci");
    expect(log.lines.map((l) => l.n)).toEqual(Array.from({ length: 38 }, (_, i) => i + 1));
    expect(log.lines.some((l) => /\u001b|\ufeff|^\d{4}-\d\d-\d\dT/.test(l.text))).toBe(false);
  });

  it("records groups with their line ranges, steps from `##[group]Run …` to the next step, and labels each line", () => {
    expect(log.groups).toEqual([
      { title: "Operating System", start: 2, end: 5 },
      { title: "Run actions/checkout@v4", start: 6, end: 9 },
      { title: "Run npm ci", start: 13, end: 17 },
      { title: "Run npm run build && npm test", start: 20, end: 23 },
    ]);
    expect(log.steps).toEqual([
      { title: "Run actions/checkout@v4", start: 6, end: 12 },
      { title: "Run npm ci", start: 13, end: 19 },
      { title: "Run npm run build && npm test", start: 20, end: 38 },
    ]);
    const groupOf = (n: number) => log.lines[n - 1]!.group;
    expect([1, 3, 5, 6, 10, 13, 17, 18, 24, 35].map(groupOf)).toEqual([
      null, "Operating System", "Operating System", "Run actions/checkout@v4", "Run actions/checkout@v4",
      "Run npm ci", "Run npm ci", "Run npm ci", "Run npm run build && npm test", "Run npm run build && npm test",
    ]);
  });

  it("finds the error lines, not the echoed script in a step header nor `[command]` lines, and marks the generic one", () => {
    expect(log.errors).toEqual([
      { n: 27, signature: "typescript", generic: false },
      { n: 28, signature: "typescript", generic: false },
      { n: 33, signature: "test_case", generic: false },
      { n: 35, signature: "##[error]", generic: true },
    ]);
    expect(log.lines[34]!.level).toBe("error");
  });

  it("gives the same lines for CRLF line endings, without a BOM or a final newline", () => {
    const crlf = parseJobLog(stamp(FAILING_JOB, { eol: "\r\n", bom: false }).replace(/\r\n$/, ""));
    expect(crlf.lines).toEqual(log.lines);
    expect(crlf.errors).toEqual(log.errors);
    expect(crlf.lines.some((l) => l.text.includes("\r"))).toBe(false);
  });

  it("reads workflow-command levels and annotations; `##[command]` is neither a level nor an error", () => {
    const p = parseJobLog(stamp([
      "##[warning]Node.js 16 actions are deprecated.", "##[notice]Cache restored", "##[debug]Evaluating: success()",
      "##[command]/usr/bin/tar -xf cache.tgz", "::error file=src/a.ts,line=10,col=5::Unexpected any",
      "::warning file=src/b.ts,line=3::Unused variable", "::debug::token lookup", "plain output",
    ]));
    expect(p.lines.map((l) => l.level)).toEqual(["warning", "notice", "debug", null, "error", "warning", "debug", null]);
    expect(p.errors).toEqual([{ n: 5, signature: "::error", generic: false }]);
  });

  it.each([
    ["Error: Cannot find module 'zod'", "exception"], ["TypeError: x is not a function", "exception"],
    ["Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'a'", "exception"], ["java.lang.IllegalStateException: closed", "exception"],
    ["error[E0308]: mismatched types", "rust"], ["src/a.c:3:7: error: expected ';'", "compiler"], ["error: could not compile `app`", "compiler"],
    [" FAIL  src/cart.test.ts > cart > totals", "test_fail"], ["FAILED tests/test_api.py::test_login - AssertionError", "test_fail"],
    ["--- FAIL: TestParse (0.00s)", "test_fail"], ["  ✕ adds numbers (5 ms)", "test_case"], ["npm ERR! code ELIFECYCLE", "npm"],
    ["npm error code E404", "npm"], ["Traceback (most recent call last):", "python_traceback"], ["panic: runtime error: index out of range", "panic"],
    ["thread 'main' panicked at src/main.rs:4:5:", "panic"], ["FATAL ERROR: Reached heap limit Allocation failed", "fatal"],
    ["fatal: not a git repository (or any of the parent directories): .git", "fatal"],
  ])("recognises %j as %s", (line, signature) => {
    expect(parseJobLog(stamp(["##[group]Run make", "##[endgroup]", line])).errors).toEqual([{ n: 3, signature, generic: false }]);
  });

  it("does not flag ordinary output that mentions errors", () => {
    const p = parseJobLog(stamp([
      "Tests: 0 failed, 12 passed", "Errors: 0", "  ✓ handles error: null input", "warning: LF will be replaced by CRLF",
      "eslint --no-error-on-unmatched-pattern", "Found 0 errors. Watching for file changes.", "FATAL_ERROR_CODES loaded",
    ]));
    expect(p.errors).toEqual([]);
  });

  it("redacts secrets in log lines, also a private key printed over several lines", () => {
    const p = parseJobLog(stamp([
      `remote: using token=${fakeToken}`, "-----BEGIN OPENSSH PRIVATE KEY-----",
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", "-----END OPENSSH PRIVATE KEY-----", "done",
    ]));
    expect(p.lines.map((l) => l.text)).toEqual([
      "remote: using token=[REDACTED:github_token]", "[REDACTED:private_key]", "[REDACTED:private_key]", "[REDACTED:private_key]", "done",
    ]);
    expect(p.redactions).toBe(2);
  });

  it("parses a 20,000-line log with exact line numbers", () => {
    const p = parseJobLog(stamp(longJob()));
    expect(p.total_lines).toBe(20_000);
    expect(p.errors.map((e) => e.n)).toEqual([10_000, 19_999]);
    expect(p.lines[19_999]).toMatchObject({ n: 20_000, text: "ok 20000 - test case number 20000 ......", group: "Run npm test" });
    expect(p.steps).toEqual([{ title: "Run npm test", start: 1, end: 20_000 }]);
  });

  it("treats an empty log as no lines and a line without timestamp as ts null", () => {
    expect(parseJobLog("")).toEqual({ lines: [], groups: [], steps: [], errors: [], total_lines: 0, redactions: 0 });
    expect(parseJobLog("no stamp\n\n").lines).toEqual([
      { n: 1, ts: null, text: "no stamp", group: null, level: null },
      { n: 2, ts: null, text: "", group: null, level: null },
    ]);
  });
});
