import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { corpusFiles, findingsCorpus, parseFailure, runCorpus, runParser } from "./scanner-report-testing";
import { parseSemgrep } from "./semgrep";

const files = corpusFiles("semgrep");
if (files.length === 0) console.warn(`semgrep corpus tests skipped: no corpus at ${findingsCorpus} (set OMNIAUDIT_CORPUS_DIR)`);

const result = (extra: object, over: object = {}) => ({ check_id: "rules.r1", path: "app.py", start: { line: 3, col: 5, offset: 40 }, end: { line: 3, col: 20, offset: 55 }, extra: { message: "m", severity: "WARNING", lines: "x = y", ...extra }, ...over });
const report = (...results: object[]) => JSON.stringify({ results, errors: [{ level: "warn", message: "Syntax error" }], paths: { scanned: ["app.py"] } });

describe.skipIf(files.length === 0)("parseSemgrep on the real corpus", () => {
  const expected: Record<string, { items: number; findings: number }> = {
    "empty.json": { items: 0, findings: 0 },
    "many_findings.json": { items: 3, findings: 3 },
    "many_vulns.json": { items: 48, findings: 48 },
    "repeated_findings.json": { items: 2, findings: 2 },
  };

  it("has an expectation for every corpus file", () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files)("%s: counts", async (file) => {
    const { findings, stats } = await runCorpus(parseSemgrep, "semgrep", file);
    expect({ items: stats.itemsRead, findings: findings.length }).toEqual(expected[file]);
  });

  it("many_findings.json: WARNING → medium, INFO → low, CWE from the metadata string, fix, first sentence as title", async () => {
    const { findings } = await runCorpus(parseSemgrep, "semgrep", "many_findings.json");
    expect(findings.map((f) => f.severity)).toEqual(["medium", "medium", "low"]);
    expect(findings[0]).toMatchObject({
      kind: "code",
      tool: "semgrep",
      ruleId: "java.lang.security.audit.cbc-padding-oracle.cbc-padding-oracle",
      category: "security",
      title: "Using CBC with PKCS5Padding is susceptible to padding orcale attacks.",
      confidence: 0.8,
      cwe: ["CWE-696"],
      helpUrl: "https://find-sec-bugs.github.io/bugs.htm#PADDING_ORACLE",
      suggestedFix: 'Replace the match with: javax crypto Cipher.getInstance("AES/GCM/NoPadding");',
      location: { path: "src/main/java/org/owasp/benchmark/testcode/BenchmarkTest02194.java", startLine: 64, endLine: 64, startColumn: 4, endColumn: 83 },
      evidence: { owasp: ["A3: Sensitive Data Exposure"] },
    });
    expect(findings[0]!.description).toMatch(/^Using CBC[\s\S]*Use 'AES\/GCM\/NoPadding' instead\.$/);
    expect(findings[0]!.location!.snippet).toBe('javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("DES/CBC/PKCS5Padding");');
    expect(findings[2]!.location).toMatchObject({ path: "src/main/java/org/owasp/benchmark/testcode/BenchmarkTest01150.java", startLine: 66 });
  });

  it("many_vulns.json: ERROR → high, security by rule id/CWE, quality otherwise, fix_regex", async () => {
    const { findings } = await runCorpus(parseSemgrep, "semgrep", "many_vulns.json");
    const count = (pick: (f: (typeof findings)[number]) => string) => findings.reduce<Record<string, number>>((a, f) => ({ ...a, [pick(f)]: (a[pick(f)] ?? 0) + 1 }), {});
    expect(count((f) => f.severity)).toEqual({ high: 13, medium: 35 });
    expect(count((f) => f.category)).toEqual({ security: 44, quality: 4 });
    expect(count((f) => (f.cwe ?? ["none"]).join())).toEqual({ "CWE-327": 33, "CWE-611": 10, "CWE-1236": 1, none: 4 });
    expect(findings[0]).toMatchObject({ ruleId: "python.lang.correctness.tempfile.flush.tempfile-without-flush", severity: "high", category: "quality", location: { path: "tasks.py", startLine: 186, startColumn: 39 } });
    expect(findings[0]!.cwe).toBeUndefined();
    expect(findings[4]).toMatchObject({ severity: "medium", cwe: ["CWE-327"], location: { path: "tools/sslyze/parser_xml.py", startLine: 124 } });
    expect(findings[37]).toMatchObject({ severity: "high", cwe: ["CWE-1236"], suggestedFix: "In the match, replace /(.*)\\)/ with: \\1, quoting=csv.QUOTE_ALL)" });
    expect(findings[2]!.location).toMatchObject({ startLine: 503, endLine: 520 });
    for (const f of findings) expect(f.toolFingerprint).toBeUndefined();
  });

  it("repeated_findings.json: two identical results stay two findings with equal content (storage merges them)", async () => {
    const { findings } = await runCorpus(parseSemgrep, "semgrep", "repeated_findings.json");
    expect(findings[0]).toEqual(findings[1]);
  });

  it("truncated and chunked corpus reports", async () => {
    const bytes = fs.readFileSync(path.join(findingsCorpus, "semgrep", "many_vulns.json"));
    expect((await runParser(parseSemgrep, bytes, { chunk: 13 })).findings).toEqual((await runParser(parseSemgrep, bytes)).findings);
    expect(await parseFailure(parseSemgrep, bytes.subarray(0, 30_000))).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report", format: "semgrep" } });
  });
});

describe("parseSemgrep mapping", () => {
  it("maps every severity and metadata.confidence", async () => {
    const sev = ["ERROR", "WARNING", "INFO", "CRITICAL", "HIGH", "MEDIUM", "LOW", "INVENTORY", "nonsense"];
    const conf = ["HIGH", "MEDIUM", "LOW", "HIGH", undefined, "low", "x", "MEDIUM", "LOW"];
    const { findings, stats } = await runParser(parseSemgrep, report(...sev.map((severity, i) => result({ severity, metadata: { confidence: conf[i] } }))));
    expect(stats.itemsRead).toBe(9);
    expect(findings.map((f) => f.severity)).toEqual(["high", "medium", "low", "critical", "high", "medium", "low", "info", "medium"]);
    expect(findings.map((f) => f.confidence)).toEqual([0.9, 0.7, 0.5, 0.9, 0.8, 0.5, 0.8, 0.7, 0.5]);
  });

  it("reads CWE lists, metadata.category, references and real fingerprints only", async () => {
    const hash = "5e3f1b0d9c9a7f7e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192_0";
    const { findings } = await runParser(
      parseSemgrep,
      report(
        result({ fingerprint: hash, metadata: { category: "security", cwe: ["CWE-79: Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')", "CWE-80: Basic XSS"], references: ["ftp://x", "https://owasp.org/xss"], impact: "HIGH", likelihood: "LOW" } }),
        result({ fingerprint: "requires login", lines: "requires login", metadata: { category: "correctness", cwe: "CWE-20: x" } }),
      ),
    );
    expect(findings[0]).toMatchObject({ category: "security", cwe: ["CWE-79", "CWE-80"], helpUrl: "https://owasp.org/xss", toolFingerprint: hash, evidence: { impact: "HIGH", likelihood: "LOW" }, location: { snippet: "x = y" } });
    expect(findings[1]).toMatchObject({ category: "quality", cwe: ["CWE-20"] });
    expect(findings[1]!.toolFingerprint).toBeUndefined();
    expect(findings[1]!.location!.snippet).toBeUndefined();
  });

  it("normalises the path, bounds and cleans text", async () => {
    const { findings } = await runParser(parseSemgrep, report(result({ message: `Bad\u200B thing happened. ${"x".repeat(5000)}` }, { path: "/github/workspace/src/app.py" })));
    expect(findings[0]!.location!.path).toBe("src/app.py");
    expect(findings[0]!.title).toBe("Bad thing happened.");
    expect(findings[0]!.description!.length).toBeLessThanOrEqual(4000);
  });
});

describe("parseSemgrep refusals", () => {
  it.each([
    ["malformed JSON", '{"results": [{"check_id": }]}', "malformed_report", ""],
    ["empty input", "", "malformed_report", ""],
    ["an array (ESLint)", "[]", "wrong_shape", "the top level is an array"],
    ["null", "null", "wrong_shape", "the top level is null"],
    ["no results key", '{"errors": [], "paths": {}}', "wrong_shape", 'no "results" array'],
    ["results not an array", '{"results": {"a": 1}}', "wrong_shape", '"results" is not an array'],
    ["a Bandit report", '{"results": [{"test_id": "B101", "filename": "a.py"}]}', "wrong_shape", 'result 0 has no "check_id"'],
  ])("%s → VALIDATION_ERROR %s", async (_name, text, reason, why) => {
    const e = await parseFailure(parseSemgrep, text);
    expect(e).toMatchObject({ code: "VALIDATION_ERROR", details: { reason, format: "semgrep" } });
    if (why) expect(e.message).toContain(`The input is not a semgrep report (${why}`);
  });

  it("empty results is a clean report", async () => {
    expect(await runParser(parseSemgrep, '{"results": [], "errors": [], "paths": {"scanned": []}}')).toEqual({ findings: [], stats: { itemsRead: 0 } });
  });
});
