import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseBandit } from "./bandit";
import { corpusFiles, findingsCorpus, parseFailure, runCorpus, runParser } from "./scanner-report-testing";

const files = corpusFiles("bandit");
if (files.length === 0) console.warn(`bandit corpus tests skipped: no corpus at ${findingsCorpus} (set OMNIAUDIT_CORPUS_DIR)`);

const result = (over: object = {}) => ({
  code: "10 import subprocess\n11 subprocess.call(cmd, shell=True)\n12 \n", col_offset: 0, end_col_offset: 33, filename: "./app/run.py",
  issue_confidence: "HIGH", issue_cwe: { id: 78, link: "https://cwe.mitre.org/data/definitions/78.html" }, issue_severity: "HIGH",
  issue_text: "subprocess call with shell=True identified, security issue.", line_number: 11, line_range: [11],
  more_info: "https://bandit.readthedocs.io/en/1.7.9/plugins/b602_subprocess_popen_with_shell_equals_true.html", test_id: "B602",
  test_name: "subprocess_popen_with_shell_equals_true", ...over,
});
const report = (...results: object[]) => JSON.stringify({ errors: [], generated_at: "2024-06-01T00:00:00Z", metrics: { _totals: { loc: 12 } }, results });

describe.skipIf(files.length === 0)("parseBandit on the real corpus", () => {
  const expected: Record<string, { items: number; findings: number }> = {
    "dd.json": { items: 47, findings: 47 },
    "no_vuln.json": { items: 0, findings: 0 },
    "one_vuln.json": { items: 1, findings: 1 },
  };

  it("has an expectation for every corpus file", () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files)("%s: counts", async (file) => {
    const { findings, stats } = await runCorpus(parseBandit, "bandit", file);
    expect({ items: stats.itemsRead, findings: findings.length }).toEqual(expected[file]);
  });

  it("one_vuln.json: B101, LOW/HIGH, the flagged line without its number as snippet", async () => {
    const { findings } = await runCorpus(parseBandit, "bandit", "one_vuln.json");
    expect(findings[0]).toEqual({
      kind: "code",
      tool: "bandit",
      ruleId: "B101",
      category: "security",
      severity: "low",
      title: "Use of assert detected.",
      description: "Use of assert detected. The enclosed code will be removed when compiling to optimised byte code.",
      confidence: 0.9,
      helpUrl: "https://bandit.readthedocs.io/en/latest/plugins/b101_assert_used.html",
      location: { path: "one/one.py", startLine: 2, endLine: 2, snippet: "assert False" },
      evidence: { testName: "assert_used" },
    });
  });

  it("dd.json: severities, confidences, rule ids, multi-line ranges (metrics skipped)", async () => {
    const { findings } = await runCorpus(parseBandit, "bandit", "dd.json");
    const count = (pick: (f: (typeof findings)[number]) => string | number) =>
      findings.reduce<Record<string, number>>((a, f) => ({ ...a, [pick(f)]: (a[pick(f)] ?? 0) + 1 }), {});
    expect(count((f) => f.severity)).toEqual({ medium: 36, low: 11 });
    expect(count((f) => f.confidence)).toEqual({ "0.9": 46, "0.6": 1 });
    expect(count((f) => f.ruleId)).toEqual({ B303: 30, B110: 6, B410: 4, B320: 3, B104: 1, B405: 1, B314: 1, B310: 1 });
    expect(findings[0]).toMatchObject({
      ruleId: "B303",
      severity: "medium",
      location: { path: "dojo/tools/acunetix/parser.py", startLine: 39, endLine: 39, snippet: expect.stringMatching(/^dupe_key = hashlib\.md5\(/) },
    });
    expect(findings[2]!.location).toMatchObject({ path: "dojo/tools/acunetix/parser_helper.py", startLine: 6, endLine: 7, snippet: "from lxml.etree import XMLSyntaxError" });
    expect(findings[10]).toMatchObject({ ruleId: "B104", confidence: 0.6, location: { path: "dojo/tools/contrast/parser.py", startLine: 95 } });
    for (const f of findings) {
      expect(f.toolFingerprint).toBeUndefined();
      expect(f.cwe).toBeUndefined(); // this Bandit version predates issue_cwe
      expect(f.location!.snippet).not.toMatch(/^\d+ /m);
    }
  });

  it("truncated and chunked corpus reports", async () => {
    const bytes = fs.readFileSync(path.join(findingsCorpus, "bandit", "dd.json"));
    expect((await runParser(parseBandit, bytes, { chunk: 97 })).findings).toEqual((await runParser(parseBandit, bytes)).findings);
    expect(await parseFailure(parseBandit, bytes.subarray(0, bytes.length - 200))).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report", format: "bandit" } });
  });
});

describe("parseBandit mapping", () => {
  it("maps CWE, 0-based columns, the CI path and the flagged lines", async () => {
    const { findings } = await runParser(parseBandit, report(result({ filename: "/home/runner/work/svc/svc/app/run.py", col_offset: 4, end_col_offset: 36 })));
    expect(findings[0]).toMatchObject({
      ruleId: "B602",
      severity: "high",
      confidence: 0.9,
      cwe: ["CWE-78"],
      title: "subprocess call with shell=True identified, security issue.",
      location: { path: "app/run.py", startLine: 11, endLine: 11, startColumn: 5, endColumn: 37, snippet: "subprocess.call(cmd, shell=True)" },
    });
    expect(findings[0]!.description).toBeUndefined();
  });

  it("maps every severity and confidence", async () => {
    const pairs = [["HIGH", "LOW"], ["MEDIUM", "MEDIUM"], ["LOW", "HIGH"], ["UNDEFINED", "UNDEFINED"]];
    const { findings } = await runParser(parseBandit, report(...pairs.map(([s, c]) => result({ issue_severity: s, issue_confidence: c }))));
    expect(findings.map((f) => [f.severity, f.confidence])).toEqual([["high", 0.3], ["medium", 0.6], ["low", 0.9], ["info", 0.8]]);
  });

  it("keeps code it cannot split into numbered lines, and a normalised ./ path", async () => {
    const { findings } = await runParser(parseBandit, report(result({ code: "subprocess.call(cmd, shell=True)", issue_cwe: { id: 0 } })));
    expect(findings[0]!.location).toMatchObject({ path: "app/run.py", snippet: "subprocess.call(cmd, shell=True)" });
    expect(findings[0]!.cwe).toBeUndefined();
  });
});

describe("parseBandit refusals", () => {
  it.each([
    ["malformed JSON", '{"results": [{"test_id": "B101",]}', "malformed_report", ""],
    ["empty input", "", "malformed_report", ""],
    ["an array", '[{"filePath": "a.js"}]', "wrong_shape", "the top level is an array"],
    ["null", "null", "wrong_shape", "the top level is null"],
    ["metrics only", '{"errors": [], "metrics": {"_totals": {}}}', "wrong_shape", 'no "results" array'],
    ["a Semgrep report", '{"results": [{"check_id": "r", "path": "a.py"}], "errors": []}', "wrong_shape", 'result 0 has no "test_id"'],
  ])("%s → VALIDATION_ERROR %s", async (_name, text, reason, why) => {
    const e = await parseFailure(parseBandit, text);
    expect(e).toMatchObject({ code: "VALIDATION_ERROR", details: { reason, format: "bandit" } });
    if (why) expect(e.message).toContain(`The input is not a bandit report (${why}`);
  });

  it("empty results is a clean report", async () => {
    expect(await runParser(parseBandit, report())).toEqual({ findings: [], stats: { itemsRead: 0 } });
  });
});
