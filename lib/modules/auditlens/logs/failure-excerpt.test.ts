import { describe, expect, it } from "vitest";
import { failureExcerpt } from "./failure-excerpt";
import { FAILING_JOB, longJob, stamp } from "./job-log-fixture";
import { parseJobLog } from "./parse-job-log";

const ns = (e: { lines: { n: number }[] }) => e.lines.map((l) => l.n);
const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("failureExcerpt", () => {
  it("prefers the first real error in the failing step over the runner's exit-code line, and includes both", () => {
    const e = failureExcerpt(stamp(FAILING_JOB));
    expect(e).toMatchObject({
      group: "Run npm run build && npm test",
      first_error: "src/cart.ts(42,7): error TS2322: Type 'string' is not assignable to type 'number'.",
      errors_total: 4,
      truncated: false,
    });
    expect(ns(e)).toEqual(span(22, 35));
    expect(e.lines.at(-1)).toEqual({ n: 35, text: "##[error]Process completed with exit code 2." });
    expect(e.lines[0]).toEqual({ n: 22, text: "shell: /usr/bin/bash -e {0}" });
  });

  it("when over its bounds keeps a little context, the error onwards and the final line, and says truncated", () => {
    const e = failureExcerpt(stamp(FAILING_JOB), { maxLines: 6 });
    expect(ns(e)).toEqual([26, 27, 28, 29, 30, 35]);
    expect(e.truncated).toBe(true);
    const long = failureExcerpt(parseJobLog(stamp(longJob())));
    expect(ns(long)).toEqual([...span(9_995, 10_053), 19_999]);
    expect(long).toMatchObject({ first_error: "Error: connect ECONNREFUSED 127.0.0.1:5432", errors_total: 2, truncated: true });
    const small = failureExcerpt(parseJobLog(stamp(longJob(200))), { maxBytes: 2_048 });
    expect(small.lines.reduce((sum, l) => sum + Buffer.byteLength(l.text) + 1, 0)).toBeLessThanOrEqual(2_048);
    expect(small.lines.map((l) => l.n)).toContain(10_000);
    expect(small.lines.at(-1)!.n).toBe(19_999);
  });

  it("picks the failing step's error, not an earlier step's annotation", () => {
    const e = failureExcerpt(stamp([
      "##[group]Run npm run lint", "##[endgroup]", "::error file=src/a.ts,line=10,col=5::Unexpected any",
      "##[group]Run npm test", "##[endgroup]", "> vitest run", "Error: boom", "    at run (src/run.ts:3:9)",
      "##[error]Process completed with exit code 1.",
    ]));
    expect(e).toMatchObject({ group: "Run npm test", first_error: "Error: boom", errors_total: 3, truncated: false });
    expect(ns(e)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it("with only the generic line, shows the step's output leading up to it, secrets redacted", () => {
    const bearer = `Bearer ${"t0k3nV4lu3".repeat(3)}`;
    const e = failureExcerpt(stamp([
      "##[group]Run ./deploy.sh", "##[endgroup]", `> Authorization: ${bearer}`,
      "curl: (22) The requested URL returned error: 503", "##[error]Process completed with exit code 22.",
    ]));
    expect(e).toMatchObject({ group: "Run ./deploy.sh", first_error: "##[error]Process completed with exit code 22.", errors_total: 1 });
    expect(e.lines.map((l) => l.text)).toEqual([
      "##[group]Run ./deploy.sh", "##[endgroup]", "> Authorization: Bearer [REDACTED:authorization]",
      "curl: (22) The requested URL returned error: 503", "##[error]Process completed with exit code 22.",
    ]);
  });

  it("without any error gives the log's last lines and first_error null", () => {
    const e = failureExcerpt(parseJobLog(stamp(longJob().map((l) => (l.startsWith("##[error]") || l.startsWith("Error") ? "fine" : l)))));
    expect(e).toMatchObject({ group: "Run npm test", first_error: null, errors_total: 0, truncated: true });
    expect(ns(e)).toEqual(span(19_941, 20_000));
    expect(failureExcerpt("")).toEqual({ group: null, first_error: null, lines: [], errors_total: 0, truncated: false });
  });
});
