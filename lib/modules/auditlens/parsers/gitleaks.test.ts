import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseGitleaks } from "./gitleaks";
import { corpusFiles, findingsCorpus, parseFailure, runCorpus, runParser } from "./scanner-report-testing";

const files = corpusFiles("gitleaks");
if (files.length === 0) console.warn(`gitleaks corpus tests skipped: no corpus at ${findingsCorpus} (set OMNIAUDIT_CORPUS_DIR)`);

const v8 = (over: object = {}) => ({
  Description: "GitHub Personal Access Token", StartLine: 4, EndLine: 4, StartColumn: 12, EndColumn: 51, Match: "token = ghp_0123456789abcdefghijABCDEFGHIJ0123456789",
  Secret: "ghp_0123456789abcdefghijABCDEFGHIJ0123456789", File: "/home/runner/work/app/app/config/dev.env", SymlinkFile: "", Commit: "abc123", Entropy: 5.2,
  Author: "Ann Dev", Email: "ann@example.com", Date: "2024-05-01T10:00:00Z", Message: "add config", Tags: [], RuleID: "github-pat",
  Fingerprint: "abc123:config/dev.env:github-pat:4", ...over,
});

/** Every `Secret`, `offender` and author `Email`/`email` value in the corpus: none may reach a finding. */
function corpusSensitiveValues(): string[] {
  const out = new Set<string>();
  for (const file of files) {
    const items: unknown = JSON.parse(fs.readFileSync(path.join(findingsCorpus, "gitleaks", file), "utf8"));
    for (const i of Array.isArray(items) ? (items as Record<string, unknown>[]) : []) {
      for (const k of ["Secret", "offender", "Email", "email"]) if (typeof i[k] === "string" && i[k] !== "") out.add(i[k] as string);
    }
  }
  return [...out];
}

describe.skipIf(files.length === 0)("parseGitleaks on the real corpus", () => {
  const expected: Record<string, { items: number; findings: number }> = {
    "data_one.json": { items: 1, findings: 1 },
    "gitleaks8_many.json": { items: 4, findings: 4 },
    "no_findings.json": { items: 0, findings: 0 },
    "version_7.5.0.json": { items: 8, findings: 8 },
  };

  it("has an expectation for every corpus file", () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files)("%s: counts, and no finding contains any corpus secret, offender or email", async (file) => {
    const { findings, stats } = await runCorpus(parseGitleaks, "gitleaks", file);
    expect({ items: stats.itemsRead, findings: findings.length }).toEqual(expected[file]);
    const sensitive = corpusSensitiveValues();
    expect(sensitive.length).toBeGreaterThanOrEqual(8);
    for (const f of findings) {
      const json = JSON.stringify(f);
      for (const s of sensitive) expect(json).not.toContain(s);
      expect(f).toMatchObject({ kind: "secret", category: "secret", tool: "gitleaks", severity: "high" });
    }
    expect(new Set(findings.map((f) => f.toolFingerprint)).size).toBe(findings.length);
  });

  it("gitleaks8_many.json: v8 fields, masked Match, fallback fingerprint without Fingerprint", async () => {
    const { findings } = await runCorpus(parseGitleaks, "gitleaks", "gitleaks8_many.json");
    expect(findings.map((f) => [f.ruleId, f.location?.path, f.location?.startLine])).toEqual([
      ["aws-access-token", "/conf/aws.tf", 2],
      ["aws-access-token", "/conf/aws.tf", 2],
      ["RSA-PK", "conf/rsa.pk", 57],
      ["generic-api-key", "tests/api.py", 21],
    ]);
    expect(findings[3]).toMatchObject({
      title: "Secret found: Generic API Key in tests/api.py",
      location: { startColumn: 10, endColumn: 46, snippet: 'apikey = "dfjk…"' },
      toolFingerprint: "gitleaks:generic-api-key|tests/api.py|69235ea9ea4d59e18e2cc3c295526de46aa1365c1f0c7a95a22ff1537acdf517|21",
      evidence: { secretPreview: "dfjk…", commit: "69235ea9ea4d59e18e2cc3c295526de46aa1365c1f0c7a95a22ff1537acdf517", author: "John Doe", date: "2016-09-16T18:17:59Z", entropy: 4.132944 },
    });
    expect(findings[0]!.location!.snippet).toBe("sec…");
    expect(findings[2]).toMatchObject({ toolFingerprint: "gitleaks:RSA-PK|conf/rsa.pk||57", evidence: { tags: ["tag1", "tag2"] } });
    expect(findings[2]!.evidence).not.toHaveProperty("commit");
  });

  it("version_7.5.0.json: v7 fields (rule, lineNumber, offender masked in line)", async () => {
    const { findings } = await runCorpus(parseGitleaks, "gitleaks", "version_7.5.0.json");
    expect(findings.map((f) => `${f.ruleId}@${f.location?.startLine}`)).toEqual([
      "AWS Access Key@13", "AWS Access Key@13", "Asymmetric Private Key@13", "AWS Access Key@44",
      "AWS Access Key@37", "Asymmetric Private Key@13", "AWS Access Key@44", "AWS Access Key@37",
    ]);
    expect(findings[0]).toMatchObject({
      title: "Secret found: AWS Access Key in dojo/unittests/scans/gitlab_secret_detection_report/gitlab_secret_detection_report_1_vuln.json",
      location: { snippet: '"raw_source_code_extract": "AKIA…",' },
      toolFingerprint: "gitleaks:AWS Access Key|dojo/unittests/scans/gitlab_secret_detection_report/gitlab_secret_detection_report_1_vuln.json|6d127980966808f7413935678e079dcd7fedf9c2|13",
      evidence: { commit: "6d127980966808f7413935678e079dcd7fedf9c2", author: "Bhurinat Wangsutthitham", tags: ["key", "AWS"] },
    });
    expect(JSON.stringify(findings)).not.toMatch(/commitMessage|Flake8|noreply/);
  });

  it("data_one.json: a v7 leak without a line number", async () => {
    const { findings } = await runCorpus(parseGitleaks, "gitleaks", "data_one.json");
    expect(findings[0]).toMatchObject({ ruleId: "Asymmetric Private Key", location: { path: "cert-key.pem" }, toolFingerprint: "gitleaks:Asymmetric Private Key|cert-key.pem|9afb561b348d59eceb6dc82c0061fb07bee09f7b|" });
    expect(findings[0]!.location!.startLine).toBeUndefined();
  });
});

describe("parseGitleaks mapping", () => {
  it("uses the report's Fingerprint, normalises the path, masks the secret and drops Secret/Email/Message", async () => {
    const { findings } = await runParser(parseGitleaks, JSON.stringify([v8()]));
    const f = findings[0]!;
    expect(f).toMatchObject({
      ruleId: "github-pat",
      title: "Secret found: GitHub Personal Access Token in config/dev.env",
      location: { path: "config/dev.env", startLine: 4, endLine: 4, startColumn: 12, endColumn: 51, snippet: "token = ghp_…" },
      toolFingerprint: "abc123:config/dev.env:github-pat:4",
      evidence: { secretPreview: "ghp_…", commit: "abc123", entropy: 5.2 },
    });
    expect(JSON.stringify(f)).not.toMatch(/0123456789abcdefghij|ann@example\.com|add config/);
    expect(f.suggestedFix).toMatch(/rotate/);
  });

  it("masks short secrets entirely and redacts other credentials on the matched line", async () => {
    const match = "pw=abc; Authorization: Bearer abcdef0123456789abcdefXYZ";
    const { findings } = await runParser(parseGitleaks, JSON.stringify([v8({ Secret: "abc", Match: match, Fingerprint: "" })]));
    expect(findings[0]!.location!.snippet).toBe("pw=…; Authorization: Bearer [REDACTED:authorization]");
    expect(findings[0]!.toolFingerprint).toBe("gitleaks:github-pat|config/dev.env|abc123|4");
  });

  it("masks the secret wherever the report repeats it (description, tags)", async () => {
    const { findings } = await runParser(parseGitleaks, JSON.stringify([v8({ Secret: "hunter2hunter2", Match: "x", Description: "leaked hunter2hunter2", Tags: ["hunter2hunter2"] })]));
    expect(JSON.stringify(findings[0])).not.toContain("hunter2hunter2");
    expect(findings[0]!.title).toBe("Secret found: leaked hun… in config/dev.env");
  });
});

describe("parseGitleaks refusals", () => {
  it.each([
    ["malformed JSON", '[{"RuleID": "x",}]', "malformed_report"],
    ["truncated JSON", JSON.stringify([v8()]).slice(0, 100), "malformed_report"],
    ["empty input", "", "malformed_report"],
    ["an object", '{"results": []}', "wrong_shape"],
    ["items of another tool", '[{"filePath": "a.js", "messages": []}]', "wrong_shape"],
    ["a number", "42", "wrong_shape"],
  ])("%s → VALIDATION_ERROR %s", async (_name, text, reason) => {
    const e = await parseFailure(parseGitleaks, text);
    expect(e).toMatchObject({ code: "VALIDATION_ERROR", details: { reason, format: "gitleaks" } });
    if (reason === "wrong_shape") expect(e.message).toMatch(/^The input is not a gitleaks report \(.+\)\.$/);
  });

  it.each([["null", "null\n"], ["an empty array", "[]"]])("%s is a clean report", async (_name, text) => {
    expect(await runParser(parseGitleaks, text)).toEqual({ findings: [], stats: { itemsRead: 0 } });
  });
});
