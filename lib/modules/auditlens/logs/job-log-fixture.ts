/**
 * Test fixtures: realistic GitHub Actions job logs (BOM, runner timestamps, ANSI colours, setup groups, steps, a
 * TypeScript error and a failing vitest case, the runner's summary error). Used by the co-located tests only.
 */
const ESC = "\u001b";

/** `lines` prefixed like the runner does: one timestamp per line, 100 ms apart, from 2024-05-02T09:13:45Z. */
export function stamp(lines: readonly string[], { eol = "\n", bom = true }: { eol?: string; bom?: boolean } = {}): string {
  const base = Date.UTC(2024, 4, 2, 9, 13, 45);
  const ts = (i: number) => `${new Date(base + i * 100).toISOString().slice(0, 23)}${String(i % 10_000).padStart(4, "0")}Z`;
  return (bom ? "\ufeff" : "") + lines.map((l, i) => `${ts(i)} ${l}`).join(eol) + eol;
}

/** A failing job's log lines; comments give the 1-based line numbers the tests rely on. */
export const FAILING_JOB = [
  "Current runner version: '2.317.0'", // 1
  "##[group]Operating System", // 2
  "Ubuntu", // 3
  "22.04.4", // 4
  "##[endgroup]", // 5
  "##[group]Run actions/checkout@v4", // 6
  "with:", // 7
  "  repository: acme/widgets", // 8
  "##[endgroup]", // 9
  "Syncing repository: acme/widgets", // 10
  "[command]/usr/bin/git version", // 11
  "git version 2.45.1", // 12
  "##[group]Run npm ci", // 13
  `${ESC}[36;1mnpm ci${ESC}[0m`, // 14
  `${ESC}[36;1mError: a heredoc line of the script, not its output${ESC}[0m`, // 15
  "shell: /usr/bin/bash -e {0}", // 16
  "##[endgroup]", // 17
  "added 812 packages, and audited 813 packages in 14s", // 18
  "found 0 vulnerabilities", // 19
  "##[group]Run npm run build && npm test", // 20
  `${ESC}[36;1mnpm run build && npm test${ESC}[0m`, // 21
  "shell: /usr/bin/bash -e {0}", // 22
  "##[endgroup]", // 23
  "> widgets@1.0.0 build", // 24
  "> tsc -p .", // 25
  "", // 26
  `src/cart.ts(42,7): ${ESC}[91merror${ESC}[0m${ESC}[90m TS2322: ${ESC}[0mType 'string' is not assignable to type 'number'.`, // 27
  "src/cart.ts(43,1): error TS2322: Type 'string' is not assignable to type 'number'.", // 28
  "", // 29
  "> widgets@1.0.0 test", // 30
  "> vitest run", // 31
  " ❯ src/cart.test.ts (3 tests | 1 failed) 12ms", // 32
  "   × cart > totals a discounted basket", // 33
  "     → expected 90 to be 81 // Object.is equality", // 34
  "##[error]Process completed with exit code 2.", // 35
  "Post job cleanup.", // 36
  "[command]/usr/bin/git version", // 37
  "Cleaning up orphan processes", // 38
];

/**
 * A 20,000-line log of one step: the `Run npm test` header (lines 1–2), passing test output, an `Error:` at line
 * 10,000 with its stack below, the runner's summary error at line 19,999; `width` pads every output line.
 */
export function longJob(width = 40): string[] {
  const lines = Array.from({ length: 20_000 }, (_, i) => `ok ${i + 1} - test case number ${i + 1} `.padEnd(width, "."));
  lines[0] = "##[group]Run npm test";
  lines[1] = "##[endgroup]";
  lines[9_999] = "Error: connect ECONNREFUSED 127.0.0.1:5432";
  lines[10_000] = "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)";
  lines[19_998] = "##[error]Process completed with exit code 1.";
  return lines;
}
