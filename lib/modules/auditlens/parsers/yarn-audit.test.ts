import { describe, expect, it } from "vitest";
import { corpusFolder, parseAll, parseCorpus, parseError } from "./dependency-finding-testing";
import { parseYarnAudit } from "./yarn-audit";

const files = corpusFolder("yarn_audit");

const advisory = (o: object = {}) => ({
  findings: [{ version: "4.17.15", paths: ["lodash"] }],
  id: 1523,
  title: "Prototype Pollution",
  module_name: "lodash",
  cves: ["CVE-2020-8203"],
  github_advisory_id: "GHSA-p6mc-m468-83gw",
  vulnerable_versions: "<4.17.19",
  patched_versions: ">=4.17.19",
  recommendation: "Upgrade to version 4.17.19 or later",
  severity: "high",
  cwe: '["CWE-770","CWE-1321"]',
  url: "https://github.com/advisories/GHSA-p6mc-m468-83gw",
  ...o,
});
const line = (type: string, data: unknown) => JSON.stringify({ type, data });

describe.skipIf(files.length === 0)("parseYarnAudit on the real corpus (yarn_audit/)", () => {
  const expected: Record<string, { items: number; findings: number }> = {
    "yarn2_audit_issue9911.json": { items: 4, findings: 4 },
    "yarn_audit_many_vul.json": { items: 3, findings: 3 },
    "yarn_audit_zero_vul.json": { items: 0, findings: 0 },
  };

  it("has an expectation for every file", () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))("%s: counts (also fed 5 bytes at a time)", async (file) => {
    const { findings, stats } = await parseCorpus(parseYarnAudit, "yarn_audit", file);
    expect({ items: stats.itemsRead, findings: findings.length }).toEqual(expected[file]);
    expect(await parseCorpus(parseYarnAudit, "yarn_audit", file, 5)).toEqual({ findings, stats });
  });

  it("yarn_audit_many_vul.json (yarn 1 NDJSON): npm advisories at their resolution path", async () => {
    const { findings } = await parseCorpus(parseYarnAudit, "yarn_audit", "yarn_audit_many_vul.json");
    expect(findings.map((f) => [f.ruleId, f.package?.name, f.package?.installedVersion, f.package?.fixedVersion, f.severity, f.cwe])).toEqual([
      ["npm:1179", "minimist", "0.0.10", "0.2.1", "low", ["CWE-471"]],
      ["npm:1324", "handlebars", "4.5.2", "4.5.3", "high", ["CWE-79"]],
      ["npm:1325", "handlebars", "4.5.2", "4.5.3", "high", ["CWE-471"]],
    ]);
    expect(findings[0]).toMatchObject({
      kind: "dependency",
      tool: "yarn",
      title: "minimist 0.0.10: Prototype Pollution (npm:1179)",
      helpUrl: "https://npmjs.com/advisories/1179",
      suggestedFix: "Upgrade minimist to 0.2.1",
      package: { name: "minimist", ecosystem: "npm", path: "handlebars>optimist>minimist" },
      toolFingerprint: "dep:NPM:1179|minimist|0.0.10",
      evidence: { npmAdvisoryId: "1179", vulnerableVersions: "<0.2.1 || >=1.0.0 <1.2.3" },
    });
    expect(findings[0]!.vulnerabilityIds).toBeUndefined();
  });

  it("yarn2_audit_issue9911.json (yarn 4 tree lines): deprecations and a GHSA advisory", async () => {
    const { findings } = await parseCorpus(parseYarnAudit, "yarn_audit", "yarn2_audit_issue9911.json");
    expect(findings.map((f) => [f.ruleId, f.package?.name, f.package?.installedVersion, f.severity])).toEqual([
      ["deprecated", "@babel/plugin-proposal-class-properties", "7.18.6", "medium"],
      ["deprecated", "@babel/plugin-proposal-nullish-coalescing-operator", "7.18.6", "medium"],
      ["deprecated", "@babel/plugin-proposal-optional-chaining", "7.21.0", "medium"],
      ["GHSA-37q5-v5qm-c9v8", "transformers", "4.38", "low"],
    ]);
    expect(findings[0]!.title).toMatch(/^@babel\/plugin-proposal-class-properties 7\.18\.6: deprecated: This proposal has been merged/);
    expect(findings[0]!.suggestedFix).toMatch(/Please use @babel\/plugin-transform-class-properties instead\.$/);
    expect(findings[0]).toMatchObject({ toolFingerprint: "dep:DEPRECATED|@babel/plugin-proposal-class-properties|7.18.6", evidence: { deprecation: true } });
    expect(findings[3]).toMatchObject({
      title: "transformers 4.38: Transformers Deserialization of Untrusted Data vulnerability (GHSA-37q5-v5qm-c9v8)",
      vulnerabilityIds: ["GHSA-37q5-v5qm-c9v8"],
      helpUrl: "https://github.com/advisories/GHSA-37q5-v5qm-c9v8",
      package: { fixedVersion: "4.38.0" },
      evidence: { npmAdvisoryId: 1096536, vulnerableVersions: "< 4.38.0", dependents: ["test@npm:1.13.0"] },
    });
  });
});

describe("parseYarnAudit on constructed reports", () => {
  it("yarn 1: CVE + GHSA ids, CWE list in a string; the version on the line's resolution path", async () => {
    const two = advisory({ findings: [{ version: "4.17.11", paths: ["a>lodash"] }, { version: "4.17.15", paths: ["lodash"] }] });
    const input = [line("auditAdvisory", { resolution: { id: 1523, path: "lodash" }, advisory: two }), line("auditSummary", {})].join("\n");
    const { findings } = await parseAll(parseYarnAudit, input);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: "CVE-2020-8203",
      title: "lodash 4.17.15: Prototype Pollution (CVE-2020-8203)",
      vulnerabilityIds: ["CVE-2020-8203", "GHSA-p6mc-m468-83gw"],
      cwe: ["CWE-770", "CWE-1321"],
      package: { installedVersion: "4.17.15", fixedVersion: "4.17.19", path: "lodash" },
      toolFingerprint: "dep:CVE-2020-8203|lodash|4.17.15",
    });
  });

  it("yarn berry 2/3: the registry answer on one line, then YN report lines; pnpm's pretty-printed document", async () => {
    const doc = { actions: [], advisories: { "1523": advisory() }, muted: [], metadata: { vulnerabilities: { high: 1 } } };
    const berry = `${JSON.stringify(doc)}\n${JSON.stringify({ type: "info", name: null, displayName: "YN0000", indent: "", data: "done" })}\n`;
    const a = await parseAll(parseYarnAudit, berry);
    const b = await parseAll(parseYarnAudit, JSON.stringify(doc, null, 2), 3);
    expect(a.findings.map((f) => f.toolFingerprint)).toEqual(["dep:CVE-2020-8203|lodash|4.17.15"]);
    expect(b).toEqual(a);
  });

  it("an `error` line is a tool error (yarn could not audit), not zero findings", async () => {
    const input = [line("info", "Auditing"), line("error", 'An unexpected error occurred: "https://registry.yarnpkg.com/-/npm/v1/security/audits: connect ECONNREFUSED".')].join("\n");
    const e = await parseError(parseYarnAudit, input);
    expect(e).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "tool_error", format: "yarn_audit" } });
    expect(e.message).toMatch(/^yarn audit failed: An unexpected error occurred: .*ECONNREFUSED/);
    const berry = await parseError(parseYarnAudit, JSON.stringify({ type: "error", name: 35, displayName: "YN0035", indent: "", data: "Request failed" }));
    expect(berry).toMatchObject({ details: { reason: "tool_error", toolCode: "YN0035" } });
  });

  it("a broken line names its line; empty input and foreign JSON are refused", async () => {
    const broken = await parseError(parseYarnAudit, `${line("info", "x")}\n${line("auditSummary", {})}\n{"type":"auditAdvisory","data":{"adv`);
    expect(broken).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report", format: "yarn_audit" } });
    expect(broken.message).toMatch(/line 3/);
    expect(await parseError(parseYarnAudit, "yarn audit v1.22.19\n")).toMatchObject({ details: { reason: "malformed_report" } });
    expect(await parseError(parseYarnAudit, "  \n")).toMatchObject({ details: { reason: "malformed_report" } });
    const wrong = await parseError(parseYarnAudit, '{"SchemaVersion": 2, "Results": []}');
    expect(wrong).toMatchObject({ details: { reason: "wrong_shape" } });
    expect(wrong.message).toMatch(/not a yarn audit report \(/);
  });
});
