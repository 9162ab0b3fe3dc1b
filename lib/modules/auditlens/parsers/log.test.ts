import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseLog } from "./log";
import { sampleJobLog } from "./log-sample";
import { MAX_LINE_CHARS } from "./log-lines";
import type { ParsedFinding, ParseStats } from "./types";

async function parse(stream: Readable) {
  const stats: ParseStats = { itemsRead: 0 };
  const findings: ParsedFinding[] = [];
  for await (const f of parseLog({ stream }, stats)) findings.push(f);
  return { findings, stats };
}
const chunked = (text: string, size = 1 << 16) => {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
};
const parseText = (text: string, size?: number) => parse(chunked(text, size));
const brief = (f: ParsedFinding) => [f.ruleId, f.location?.path, f.location?.startLine, f.severity];

describe("parseLog on a realistic GitHub Actions job log", () => {
  it("one finding per error, every signature, in log order (held-back test lines last)", async () => {
    const { findings, stats } = await parseText(sampleJobLog());
    expect(stats.itemsRead).toBe(sampleJobLog().split("\n").length - 1);
    expect(findings.map(brief)).toEqual([
      ["typescript:TS2322", "src/cart.ts", 12, "high"],
      ["typescript:TS2339", "src/api/client.ts", 40, "high"],
      ["compiler", "native/hash.c", 10, "high"],
      ["javac", "src/Main.java", 7, "high"],
      ["javac", "api/src/main/java/shop/Api.java", 22, "high"],
      ["rust:E0382", "src/main.rs", 10, "high"],
      ["go", "cmd/server/main.go", 12, "high"],
      ["python_traceback:KeyError", "scripts/migrate.py", 41, "medium"],
      ["eslint:no-unused-vars", "src/util.js", 3, "medium"],
      ["eslint:no-var", "src/legacy.js", 4, "medium"],
      ["test_case", "src/cart.test.ts", 18, "high"],
      ["npm:ELIFECYCLE", undefined, undefined, "medium"],
      ["test_fail", "src/price.test.ts", 9, "high"],
      ["test_fail", "tests/test_tax.py", undefined, "high"],
      ["test_fail", "checkout_test.go", 31, "high"],
      ["::error", "deploy/app.yaml", 3, "medium"],
      ["exception:TypeError", "src/users.js", 27, "medium"],
      ["test_fail", "src/empty.test.ts", undefined, "high"],
    ]);
    for (const f of findings) {
      expect(f.kind).toBe("log");
      expect(["build", "test"]).toContain(f.category);
      expect(f.confidence).toBeGreaterThanOrEqual(0.6);
      expect(f.confidence).toBeLessThanOrEqual(0.9);
      expect(f.toolFingerprint!.startsWith(`log:${f.ruleId}|${f.location?.path ?? ""}|`)).toBe(true);
      expect(f.description).not.toMatch(/\u001b|^\d{4}-\d\d-\d\dT/);
    }
  });

  it("spot checks: titles, tools, columns, test details, npm message", async () => {
    const byRule = new Map((await parseText(sampleJobLog())).findings.map((f) => [`${f.ruleId}|${f.location?.path}`, f]));
    expect(byRule.get("typescript:TS2339|src/api/client.ts")).toMatchObject({
      tool: "tsc", title: "TS2339: Property 'foo' does not exist on type 'Client'.", confidence: 0.9,
      location: { startColumn: 11 }, toolFingerprint: "log:typescript:TS2339|src/api/client.ts|property 'foo' does not exist on type 'client'.",
    });
    expect(byRule.get("test_case|src/cart.test.ts")).toMatchObject({
      tool: "jest", title: "Test failed: Cart › computes the total (src/cart.test.ts)",
      test: { name: "Cart › computes the total", status: "failed", message: "expect(received).toBe(expected) // Object.is equality", file: "src/cart.test.ts" },
    });
    expect(byRule.get("test_fail|tests/test_tax.py")).toMatchObject({ tool: "pytest", test: { name: "test_vat[de]", message: "AssertionError: assert 19 == 7" } });
    expect(byRule.get("test_fail|src/price.test.ts")).toMatchObject({ tool: "vitest", test: { name: "price > rounds down", message: "AssertionError: expected 1.5 to be 1" } });
    expect(byRule.get("npm:ELIFECYCLE|undefined")).toMatchObject({ tool: "npm", title: "ELIFECYCLE: shop@1.0.0 test: `jest`", evidence: { logLine: 73, signature: "npm" } });
    expect(byRule.get("python_traceback:KeyError|scripts/migrate.py")!.title).toBe("KeyError: 'DATABASE_URL'");
    expect(byRule.get("::error|deploy/app.yaml")!.title).toBe("Invalid manifest: replicas must be a number");
  });

  it("ignores the step's echoed script, warnings, summaries and — when there is a cause — the runner's exit line", async () => {
    const { findings } = await parseText(sampleJobLog());
    const text = JSON.stringify(findings);
    expect(text).not.toContain("TS9999");
    expect(text).not.toContain("could not compile");
    expect(text).not.toContain("Process completed");
    expect(text).not.toContain("github.com/acme/shop/checkout\\t");
  });

  it("CRLF and tiny chunks give the same findings as LF", async () => {
    const lf = await parseText(sampleJobLog());
    const crlf = await parseText(sampleJobLog().replace(/\n/g, "\r\n"), 7);
    expect(crlf.findings).toEqual(lf.findings);
    expect(crlf.stats).toEqual(lf.stats);
  });
});

describe("parseLog: identity", () => {
  it("dedupes the same error printed twice; a moved line is another finding with the same fingerprint", async () => {
    const { findings } = await parseText([
      "src/a.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      "src/a.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      "##[error]src/a.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      "./src/a.ts(30,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      "src/a.ts(31,1): error TS2322: Type 'string' is not assignable to type 'boolean'.",
    ].join("\n"));
    expect(findings.map((f) => f.location?.startLine)).toEqual([12, 30, 31]);
    expect(findings[0]!.toolFingerprint).toBe(findings[1]!.toolFingerprint);
    expect(findings[2]!.toolFingerprint).not.toBe(findings[0]!.toolFingerprint);
  });

  it("digits in messages are masked in the fingerprint (two findings in this log, one identity across runs)", async () => {
    const { findings } = await parseText("FAILED tests/t.py::test_a - assert 3 == 4\nError: expected 3 items, got 4\nError: expected 5 items, got 6\n");
    expect(findings.map((f) => f.toolFingerprint)).toEqual(["log:test_fail|tests/t.py|test_a", "log:exception:Error||expected # items, got #", "log:exception:Error||expected # items, got #"]);
  });

  it("one npm failure is one finding, whatever its number of lines", async () => {
    const { findings } = await parseText("npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://registry.npmjs.org/nope - Not found\nnpm ERR! 404\nnpm ERR! 404  'nope@*' is not in this registry.\n");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "npm:E404", title: "E404: 404 Not Found - GET https://registry.npmjs.org/nope - Not found" });
  });
});

describe("parseLog: edges", () => {
  it("a log with only the runner's exit line reports it; an empty log reports nothing", async () => {
    const only = await parseText("2024-05-02T09:13:45.1234567Z ##[error]Process completed with exit code 2.\n");
    expect(only.findings.map((f) => [f.ruleId, f.title, f.severity, f.tool])).toEqual([["##[error]", "Process completed with exit code 2.", "medium", "github-actions"]]);
    expect(await parseText("")).toEqual({ findings: [], stats: { itemsRead: 0 } });
  });

  it("secrets in error lines are redacted; a line without a break at the end is read", async () => {
    const { findings, stats } = await parseText(`Error: login failed with token ghp_${"x".repeat(36)}`);
    expect(stats.itemsRead).toBe(1);
    expect(findings[0]!.title).toBe("Error: login failed with token [REDACTED:github_token]");
  });

  it("caps findings at 1,000 per log", async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => `src/f${i}.c:1:1: error: boom`).join("\n");
    expect((await parseText(lines)).findings).toHaveLength(1000);
  });

  // 50 MB without a line break, generated chunk by chunk: never a 50 MB string.
  function hugeLine(prefix: string, total = 50 * 1024 * 1024) {
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, "x");
    let peak = 0;
    const stream = new Readable({
      read() {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
        if (sent === 0) {
          sent += prefix.length;
          this.push(Buffer.from(prefix));
        } else if (sent < total) {
          sent += chunk.length;
          this.push(chunk);
        } else this.push(null);
      },
    });
    return { stream, peak: () => peak, sent: () => sent };
  }

  it("a 50 MB single-line log: one line read, no finding, bounded memory", async () => {
    const before = process.memoryUsage().heapUsed;
    const g = hugeLine("xxxx");
    const { findings, stats } = await parse(g.stream);
    expect(stats.itemsRead).toBe(1);
    expect(findings).toEqual([]);
    expect(g.peak() - before).toBeLessThan(16 * 1024 * 1024);
  });

  it("a 50 MB single-line error: one finding from its first 64 KiB, the skipped rest counted", async () => {
    const before = process.memoryUsage().heapUsed;
    const g = hugeLine("src/big.ts(1,1): error TS2322: ");
    const { findings, stats } = await parse(g.stream);
    expect(stats.itemsRead).toBe(1);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "typescript:TS2322", location: { path: "src/big.ts", startLine: 1 }, evidence: { lineTruncated: true, skippedChars: g.sent() - MAX_LINE_CHARS } });
    expect(findings[0]!.title.length).toBeLessThanOrEqual(300);
    expect(g.peak() - before).toBeLessThan(16 * 1024 * 1024);
  });
});

describe("parseLog: more dialects", () => {
  it("compilers without the sample's shapes: clang fatal, MSVC, bare tsc, rustc without a code, Maven javac with error:", async () => {
    const { findings } = await parseText([
      "lib/x.c:3:10: fatal error: 'openssl/sha.h' file not found",
      "C:\\src\\app.cpp(10,5): error C2065: 'x': undeclared identifier",
      "error TS6053: File '/app/tsconfig.base.json' not found.",
      "error: cannot find macro `vec2` in this scope",
      "  --> src/lib.rs:3:13",
      "Foo.java:[10,5] error: ';' expected",
      "error: failed to push some refs to 'origin'",
    ].join("\n"));
    expect(findings.map((f) => [...brief(f), f.tool, f.title])).toEqual([
      ["compiler", "lib/x.c", 3, "high", "compiler", "'openssl/sha.h' file not found"],
      ["compiler:C2065", "C:/src/app.cpp", 10, "high", "msvc", "C2065: 'x': undeclared identifier"],
      ["typescript:TS6053", undefined, undefined, "high", "tsc", "TS6053: File '/app/tsconfig.base.json' not found."],
      ["compiler", "src/lib.rs", 3, "high", "compiler", "cannot find macro `vec2` in this scope"],
      ["javac", "Foo.java", 10, "high", "javac", "';' expected"],
      ["compiler", undefined, undefined, "medium", "compiler", "failed to push some refs to 'origin'"],
    ]);
  });

  it("panics, chained Python tracebacks, fatal, annotations without properties", async () => {
    const { findings } = await parseText([
      "panic: runtime error: index out of range [3] with length 3",
      "thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/main.rs:4:37",
      "Traceback (most recent call last):",
      '  File "app.py", line 3, in <module>',
      "    int('x')",
      "ValueError: invalid literal for int() with base 10: 'x'",
      "",
      "During handling of the above exception, another exception occurred:",
      "",
      "Traceback (most recent call last):",
      '  File "app.py", line 5, in <module>',
      "    raise SystemExit(2)",
      "SystemExit: 2",
      "fatal: not a git repository (or any of the parent directories): .git",
      "::error::Deployment failed",
      "● docker.service - Docker Application Container Engine",
    ].join("\n"));
    expect(findings.map((f) => [f.ruleId, f.location?.path, f.location?.startLine, f.title])).toEqual([
      ["panic", undefined, undefined, "runtime error: index out of range [3] with length 3"],
      ["panic", "src/main.rs", 4, "called `Option::unwrap()` on a `None` value"],
      ["python_traceback:ValueError", "app.py", 3, "ValueError: invalid literal for int() with base 10: 'x'"],
      ["python_traceback:SystemExit", "app.py", 5, "SystemExit: 2"],
      ["fatal", undefined, undefined, "fatal: not a git repository (or any of the parent directories): .git"],
      ["::error", undefined, undefined, "Deployment failed"],
    ]);
  });

  it("a jest suite that failed to run reports the test and the tsc error inside it", async () => {
    const { findings } = await parseText([
      " FAIL  libs/foo.spec.ts",
      "  ● Test suite failed to run",
      "",
      "    libs/foo.ts:13:3 - error TS2304: Cannot find name 'bar'.",
      "",
      "Test Suites: 1 failed, 1 total",
    ].join("\n"));
    expect(findings.map(brief)).toEqual([
      ["typescript:TS2304", "libs/foo.ts", 13, "high"],
      ["test_case", "libs/foo.spec.ts", undefined, "high"],
    ]);
    expect(findings[1]!.test).toMatchObject({ name: "Test suite failed to run", message: "libs/foo.ts:13:3 - error TS2304: Cannot find name 'bar'." });
  });

  it("leaf test lines with no fuller report are reported at the end; go subtests each count", async () => {
    const { findings } = await parseText([
      " ❯ src/a.test.ts (1 test | 1 failed)",
      "   × rounds 2ms",
      "--- FAIL: TestCart (0.00s)",
      "    --- FAIL: TestCart/empty (0.00s)",
      "        cart_test.go:9: want 0",
    ].join("\n"));
    expect(findings.map((f) => [f.ruleId, f.tool, f.test?.name, f.location?.path, f.location?.startLine])).toEqual([
      ["test_fail", "go", "TestCart", undefined, undefined],
      ["test_fail", "go", "TestCart/empty", "cart_test.go", 9],
      ["test_case", "vitest", "rounds", "src/a.test.ts", undefined],
    ]);
  });

  it("ESLint stylish rows need their file header; warnings are not errors", async () => {
    const { findings } = await parseText(["C:\\work\\app\\src\\a.ts", "  1:1  warning  x  no-console", "  2:3  error  Missing semicolon  @stylistic/semi", "", "  5:5  error  orphan row  no-undef"].join("\n"));
    expect(findings.map((f) => [f.ruleId, f.location?.path, f.location?.startLine])).toEqual([["eslint:@stylistic/semi", "C:/work/app/src/a.ts", 2]]);
  });
});

describe("parseLog: hostile lines", () => {
  it("64 KiB lines built to make the signature patterns backtrack are each read in linear time", async () => {
    const setups = ["", "  ● t\n"];
    const prefixes = ["", "  ● a", "  ✕ a", " FAIL  a.ts > a", "  1:1  error  a", "Error: a", "src/a.ts(", "src/a.ts:1:1 - error TS1: a", "thread 'x' panicked at 'a", "FAILED a.py::a",
      "a.js: line 1, col 1, Error - a", "::error title=a", "x.c:1:1: error: a", "  at a (", "npm ERR! a", '  File "a", line 1', " ❯ a", "  --> a", "a.go:1:1: ", "[ERROR] a.java:[1,1] ", "a(1): error C1: "];
    const fillers = [" ", "1", "a.", "(", ":1", "', a", " (a", "  a", " 1 ", "\t", "-", "a:1 ", "a.b:1:1 "];
    let worst = 0;
    for (const s of setups) for (const p of prefixes) for (const f of fillers) {
      const t0 = performance.now();
      await parseText(`src/a.ts\n${s}${p}${f.repeat(Math.ceil(MAX_LINE_CHARS / f.length))}x\n`);
      worst = Math.max(worst, performance.now() - t0);
    }
    expect(worst).toBeLessThan(1000); // quadratic patterns took 2–7 s on one such line
  });
});
