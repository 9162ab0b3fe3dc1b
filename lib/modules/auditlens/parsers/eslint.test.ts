import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseEslint } from "./eslint";
import { corpusFiles, findingsCorpus, parseFailure, runCorpus, runParser } from "./scanner-report-testing";
import { normaliseReportPath } from "./scanner-report-path";
import type { ParseStats } from "./types";

const files = corpusFiles("eslint");
if (files.length === 0) console.warn(`eslint corpus tests skipped: no corpus at ${findingsCorpus} (set OMNIAUDIT_CORPUS_DIR)`);

const report = (messages: unknown[], filePath = "/home/runner/work/app/app/src/a.js", extra: object = {}) =>
  JSON.stringify([{ filePath, messages, errorCount: 0, warningCount: 0, ...extra }]);

describe.skipIf(files.length === 0)("parseEslint on the real corpus", () => {
  const expected: Record<string, { items: number; findings: number }> = {
    "empty.json": { items: 0, findings: 0 },
    "no_finding.json": { items: 0, findings: 0 },
    "scan.json": { items: 2, findings: 2 },
  };

  it("has an expectation for every corpus file", () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files)("%s: counts", async (file) => {
    const { findings, stats } = await runCorpus(parseEslint, "eslint", file);
    expect({ items: stats.itemsRead, findings: findings.length }).toEqual(expected[file]);
  });

  it("scan.json: one finding per message (not errorCount: 6), security rule, source lines as snippet", async () => {
    const { findings } = await runCorpus(parseEslint, "eslint", "scan.json");
    expect(findings[0]).toEqual({
      kind: "code",
      tool: "eslint",
      ruleId: "security/detect-object-injection",
      category: "security",
      severity: "medium",
      title: "Generic Object Injection Sink",
      confidence: 0.8,
      helpUrl: "https://github.com/eslint-community/eslint-plugin-security/blob/main/docs/rules/detect-object-injection.md",
      location: { path: "/Users/omerlh/dev/juice-shop/routes/basketItems.js", startLine: 19, endLine: 19, startColumn: 11, endColumn: 20, snippet: "if (result[i].key === 'ProductId') {" },
      evidence: { nodeType: "MemberExpression" },
    });
    expect(findings[1]).toMatchObject({ severity: "low", location: { startLine: 20, startColumn: 25, snippet: "productIds.push(result[i].value)" } });
    for (const f of findings) expect(f.toolFingerprint).toBeUndefined();
  });

  it("reads the same findings when the report arrives 7 bytes at a time", async () => {
    const bytes = fs.readFileSync(path.join(findingsCorpus, "eslint", "scan.json"));
    expect((await runParser(parseEslint, bytes, { chunk: 7 })).findings).toEqual((await runParser(parseEslint, bytes)).findings);
  });

  it("truncated corpus report → malformed_report", async () => {
    const bytes = fs.readFileSync(path.join(findingsCorpus, "eslint", "scan.json"));
    const e = await parseFailure(parseEslint, bytes.subarray(0, bytes.length / 2));
    expect(e).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report", format: "eslint" } });
    expect(e.message).toMatch(/eslint report is not valid: malformed or truncated JSON at or before byte \d+/);
  });
});

describe("parseEslint mapping", () => {
  it("maps severity 2 → medium, 1 → low, fatal → high eslint:parse-error; core rules link to eslint.org", async () => {
    const { findings, stats } = await runParser(
      parseEslint,
      report([
        { ruleId: "no-unused-vars", severity: 2, message: "'x' is defined but never used.", line: 3, column: 7, endLine: 3, endColumn: 8, messageId: "unusedVar" },
        { ruleId: "eqeqeq", severity: 1, message: "Expected '===' and instead saw '=='.", line: 4, column: 9 },
        { ruleId: null, fatal: true, severity: 2, message: "Parsing error: Unexpected token )", line: 9, column: 3 },
        { ruleId: null, severity: 1, message: "Unused eslint-disable directive (no problems were reported from 'no-console').", line: 1, column: 1 },
      ]),
    );
    expect(stats).toEqual<ParseStats>({ itemsRead: 4 });
    expect(findings.map((f) => [f.ruleId, f.severity, f.category, f.helpUrl])).toEqual([
      ["no-unused-vars", "medium", "quality", "https://eslint.org/docs/latest/rules/no-unused-vars"],
      ["eqeqeq", "low", "quality", "https://eslint.org/docs/latest/rules/eqeqeq"],
      ["eslint:parse-error", "high", "quality", undefined],
      ["eslint:unused-directive", "low", "quality", undefined],
    ]);
    expect(findings[0]).toMatchObject({ location: { path: "src/a.js", startLine: 3, startColumn: 7, endLine: 3, endColumn: 8 }, evidence: { messageId: "unusedVar" } });
    expect(findings[0]!.location!.snippet).toBeUndefined(); // no `source` in the result
  });

  it("classifies security rules and links plugin docs it can derive", async () => {
    const ids = ["no-eval", "no-implied-eval", "@typescript-eslint/no-implied-eval", "security/detect-eval-with-expression", "no-unsanitized/property", "react/no-danger", "import/no-cycle", "@typescript-eslint/no-explicit-any"];
    const { findings } = await runParser(parseEslint, report(ids.map((ruleId) => ({ ruleId, severity: 2, message: "m", line: 1, column: 1 }))));
    expect(findings.map((f) => f.category)).toEqual(["security", "security", "security", "security", "security", "security", "quality", "quality"]);
    expect(findings[2]!.helpUrl).toBe("https://typescript-eslint.io/rules/no-implied-eval");
    expect(findings[5]!.helpUrl).toBe("https://github.com/jsx-eslint/eslint-plugin-react/blob/master/docs/rules/no-danger.md");
    expect(findings[4]!.helpUrl).toBeUndefined();
    expect(findings[6]!.helpUrl).toBeUndefined();
  });

  it("turns fix and suggestions into suggestedFix", async () => {
    const { findings } = await runParser(
      parseEslint,
      report([
        { ruleId: "prefer-const", severity: 2, message: "m", line: 1, column: 1, fix: { range: [0, 3], text: "const" } },
        { ruleId: "no-extra-semi", severity: 2, message: "m", line: 1, column: 1, fix: { range: [10, 11], text: "" } },
        { ruleId: "no-unused-vars", severity: 2, message: "m", line: 1, column: 1, suggestions: [{ desc: "Remove unused variable 'x'.", fix: { range: [0, 6], text: "" } }] },
      ]),
    );
    expect(findings.map((f) => f.suggestedFix)).toEqual([
      "Fixable by `eslint --fix` (replaces characters 0–3 of the file with: const)",
      "Fixable by `eslint --fix` (removes characters 10–11 of the file).",
      "Remove unused variable 'x'.",
    ]);
  });

  it("takes the snippet from the result's source (at most 5 lines) and cleans untrusted text", async () => {
    const source = ["line1", "  eval(input) // token=ghp_" + "a".repeat(36), "l3", "l4", "l5", "l6", "l7", "l8"].join("\n");
    const { findings } = await runParser(
      parseEslint,
      report(
        [
          { ruleId: "no-eval", severity: 2, message: "eval can be harmful.\u202E", line: 2, column: 3, endLine: 2, endColumn: 14 },
          { ruleId: "max-len", severity: 1, message: "Long.", line: 2, column: 1, endLine: 8, endColumn: 3 },
        ],
        ".\\src\\b.js",
        { source },
      ),
    );
    expect(findings[0]).toMatchObject({ title: "eval can be harmful.", location: { path: "src/b.js", snippet: "eval(input) // token=[REDACTED:github_token]" } });
    expect(findings[1]!.location!.snippet!.split("\n")).toHaveLength(5);
  });

  it("normalises CI workspace paths, backslashes and ./ (only the GitHub workspace prefixes)", () => {
    expect(normaliseReportPath("/home/runner/work/app/app/src/a.js")).toBe("src/a.js");
    expect(normaliseReportPath("/github/workspace/lib/x.ts")).toBe("lib/x.ts");
    expect(normaliseReportPath(".\\src\\win.ts")).toBe("src/win.ts");
    expect(normaliseReportPath("././a/b.js")).toBe("a/b.js");
    expect(normaliseReportPath("/src/main.py")).toBe("/src/main.py");
    expect(normaliseReportPath("/Users/dev/app/a.js")).toBe("/Users/dev/app/a.js");
    expect(normaliseReportPath("")).toBeUndefined();
    expect(normaliseReportPath(42)).toBeUndefined();
  });
});

describe("parseEslint refusals", () => {
  it.each([
    ["malformed JSON", '[{"filePath": "a.js", "messages": [}]', "malformed_report"],
    ["empty input", "", "malformed_report"],
    ["an object (Semgrep)", '{"results": [], "errors": []}', "wrong_shape"],
    ["null", "null", "wrong_shape"],
    ["a string", '"eslint"', "wrong_shape"],
    ["items without filePath/messages", '[{"RuleID": "aws", "File": "x"}]', "wrong_shape"],
    ["a message that is not an object", '[{"filePath": "a.js", "messages": [1]}]', "wrong_shape"],
  ])("%s → VALIDATION_ERROR %s", async (_name, text, reason) => {
    const e = await parseFailure(parseEslint, text);
    expect(e).toMatchObject({ code: "VALIDATION_ERROR", details: { reason, format: "eslint" } });
    if (reason === "wrong_shape") expect(e.message).toMatch(/^The input is not an eslint report \(.+\)\.$/);
  });

  it("an empty array is a clean report", async () => {
    expect(await runParser(parseEslint, " [ ] ")).toEqual({ findings: [], stats: { itemsRead: 0 } });
  });

  it("stops at the first byte of a top level of the wrong type, without waiting for the rest", async () => {
    const stream = new PassThrough();
    stream.write('{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": [');
    const stats: ParseStats = { itemsRead: 0 };
    const run = (async () => {
      for await (const _ of parseEslint({ stream }, stats));
    })();
    await expect(run).rejects.toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringContaining("the top level is an object, expected an array") });
    expect(stream.destroyed).toBe(true);
  });
});
