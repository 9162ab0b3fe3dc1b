import { describe, expect, it } from "vitest";
import { errorsWindow } from "./errors-window";
import { grepWindow } from "./grep-window";
import { FAILING_JOB, longJob, stamp } from "./job-log-fixture";
import { compileLogPattern, matchLogLines } from "./match-log-lines";
import { parseJobLog } from "./parse-job-log";
import { tailWindow } from "./tail-window";

const failing = parseJobLog(stamp(FAILING_JOB));
const long = parseJobLog(stamp(longJob()));
const ns = (w: { lines: { n: number }[] }) => w.lines.map((l) => l.n);
const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const bytes = (w: { lines: { text: string }[] }) => w.lines.reduce((sum, l) => sum + Buffer.byteLength(l.text) + 1, 0);

describe("tailWindow", () => {
  it("returns the last lines with number, text and group, within the default 400 lines", () => {
    const w = tailWindow(long);
    expect(ns(w)).toEqual(span(19_601, 20_000));
    expect(w).toMatchObject({ total_lines: 20_000, truncated: false });
    expect(w.lines.at(-2)).toEqual({ n: 19_999, text: "##[error]Process completed with exit code 1.", group: "Run npm test" });
    expect(ns(tailWindow(failing, { lines: 3 }))).toEqual([36, 37, 38]);
  });

  it("marks truncated when the requested lines exceed maxLines or the 64 KiB default, keeping the end", () => {
    const capped = tailWindow(long, { lines: 1_000 });
    expect(ns(capped)).toEqual(span(19_601, 20_000));
    expect(capped.truncated).toBe(true);
    const wide = tailWindow(parseJobLog(stamp(longJob(300))));
    expect(wide.truncated).toBe(true);
    expect(bytes(wide)).toBeLessThanOrEqual(65_536);
    expect(wide.lines.length).toBe(218); // 217 lines of 300 chars + LF, and line 19,999 (44 chars + LF)
    expect(wide.lines.at(-1)!.n).toBe(20_000);
  });

  it("cuts a line longer than maxLineChars and refuses options out of range", () => {
    const w = tailWindow(stamp(["x".repeat(5_000)]), { maxLineChars: 100 });
    expect(w.lines[0]!.text).toBe(`${"x".repeat(100)} … [4900 more chars]`);
    expect(w.truncated).toBe(true);
    expect(() => tailWindow(long, { lines: 0 })).toThrow(/lines must be an integer from 1 to 5000/);
    expect(() => tailWindow(long, { maxBytes: 10 })).toThrow(/maxBytes/);
  });
});

describe("errorsWindow", () => {
  it("shows each error with context, merging overlapping ranges and labelling them with their group", () => {
    const w = errorsWindow(failing);
    expect(w.ranges).toEqual([{ from: 22, to: 38, group: "Run npm run build && npm test", errors: [27, 28, 33, 35] }]);
    expect(ns(w)).toEqual(span(22, 38));
    expect(w).toMatchObject({ errors_total: 4, total_lines: 38, truncated: false });
    expect(errorsWindow(failing, { context: 0 }).ranges.map((r) => [r.from, r.to])).toEqual([[27, 28], [33, 33], [35, 35]]);
  });

  it("finds exact line numbers in a 20,000-line log", () => {
    const w = errorsWindow(long, { context: 3 });
    expect(w.ranges).toEqual([
      { from: 9_997, to: 10_003, group: "Run npm test", errors: [10_000] },
      { from: 19_996, to: 20_000, group: "Run npm test", errors: [19_999] },
    ]);
    expect(w.lines.find((l) => l.n === 10_000)!.text).toBe("Error: connect ECONNREFUSED 127.0.0.1:5432");
  });

  it("is truncated by maxErrors and by maxLines, reporting only what it shows", () => {
    const first = errorsWindow(long, { context: 3, maxErrors: 1 });
    expect(first.ranges.map((r) => r.errors)).toEqual([[10_000]]);
    expect(first.truncated).toBe(true);
    const few = errorsWindow(failing, { maxLines: 8 });
    expect(ns(few)).toEqual(span(22, 29));
    expect(few.ranges).toEqual([{ from: 22, to: 29, group: "Run npm run build && npm test", errors: [27, 28] }]);
    expect(few.truncated).toBe(true);
    expect(errorsWindow(stamp(["all good"]))).toMatchObject({ lines: [], ranges: [], errors_total: 0, truncated: false });
  });
});

describe("grepWindow", () => {
  it("matches a plain substring (case-sensitive) with context", () => {
    const w = grepWindow(failing, { pattern: "TS2322", context: 1 });
    expect(w.ranges).toEqual([{ from: 26, to: 29, group: "Run npm run build && npm test", matches: [27, 28] }]);
    expect(w.matches_total).toBe(2);
    expect(grepWindow(failing, { pattern: "ts2322" }).matches_total).toBe(0);
  });

  it("matches a /regex/flags pattern and bounds the matches", () => {
    expect(grepWindow(failing, { pattern: "/^> widgets@1\\.0\\.0 (build|test)$/", context: 0 }).ranges.map((r) => r.from)).toEqual([24, 30]);
    expect(grepWindow(failing, { pattern: "/EXPECTED \\d+/i", context: 0 }).ranges).toMatchObject([{ from: 34, matches: [34] }]);
    const many = grepWindow(long, { pattern: "/number 1\\d{3} /", context: 0, maxMatches: 10 });
    expect(many).toMatchObject({ matches_total: 1_000, truncated: true });
    expect(ns(many)).toEqual(span(1_000, 1_009));
  });

  it("treats /a/path-like text whose tail is not a flag set as a substring", () => {
    expect(grepWindow(stamp(["see /src/index.ts"]), { pattern: "/src/index" }).matches_total).toBe(1);
  });

  it("refuses catastrophic, invalid and overlong patterns before running them", () => {
    const start = performance.now();
    for (const pattern of ["/(a+)+$/", "/^(\\w+\\s?)*$/", "/(a|aa)*b/", "/(x+x+){2,}y/", "/(.)\\1/", "/(?<q>.)\\k<q>/"]) {
      expect(() => grepWindow(failing, { pattern }), pattern).toThrow(/pattern refused/);
    }
    expect(() => grepWindow(failing, { pattern: "/(/" })).toThrow(/not a valid regular expression/);
    expect(() => grepWindow(failing, { pattern: "x".repeat(201) })).toThrow(/1 to 200 characters/);
    expect(() => grepWindow(failing, { pattern: "" })).toThrow(/1 to 200 characters/);
    expect(compileLogPattern("/(?:\\d+\\.){3}\\d+/g")).toEqual({ kind: "regex", source: "(?:\\d+\\.){3}\\d+", flags: "" });
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it("stops a costly (polynomial) search at its time budget", () => {
    const slow = parseJobLog(stamp(Array(20).fill("a".repeat(3_000))));
    const matcher = compileLogPattern("/a*a*a*a*a*b/");
    const start = performance.now();
    expect(() => matchLogLines(slow.lines, matcher, 100)).toThrow(/exceeded its 100 ms budget/);
    expect(performance.now() - start).toBeLessThan(1_500);
  });

  it("searches the redacted text, so a secret cannot be probed", () => {
    const secret = `npm_${"k3Y9".repeat(9)}`;
    const w = grepWindow(stamp([`//registry.npmjs.org/:_authToken=${secret}`]), { pattern: secret.slice(4, 20) });
    expect(w.matches_total).toBe(0);
    expect(grepWindow(stamp([`_authToken=${secret}`]), { pattern: "_authToken" }).lines[0]!.text).toBe("_authToken=[REDACTED:npm_token]");
  });
});
