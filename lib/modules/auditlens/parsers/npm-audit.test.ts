import { describe, expect, it } from "vitest";
import { corpusBytes, corpusFolder, parseAll, parseCorpus, parseError } from "./dependency-finding-testing";
import { parseNpmAudit } from "./npm-audit";
import { fixedFromPatchedRange, fixedFromVulnerableRange } from "./npm-audit-advisory";

const v6Files = corpusFolder("npm_audit");
const v7Files = corpusFolder("npm_audit_7_plus");

describe.skipIf(v6Files.length === 0)("parseNpmAudit on the real npm 6 corpus (npm_audit/)", () => {
  it("has an expectation for every file", () => {
    expect(v6Files).toEqual(["empty_with_error.json", "many_vuln.json"]);
  });

  it("empty_with_error.json: ENOAUDIT is a tool error, not zero findings", async () => {
    const e = await parseError(parseNpmAudit, corpusBytes("npm_audit", "empty_with_error.json"));
    expect(e).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "tool_error", format: "npm_audit", toolCode: "ENOAUDIT" } });
    expect(e.message).toMatch(/^npm audit failed \(ENOAUDIT\): Your configured registry .* not its findings/);
  });

  it("many_vuln.json: 5 advisories → 5 findings, one per advisory × installed version", async () => {
    const { findings, stats } = await parseCorpus(parseNpmAudit, "npm_audit", "many_vuln.json");
    expect(stats.itemsRead).toBe(5);
    expect(findings.map((f) => [f.ruleId, f.package?.name, f.package?.installedVersion, f.package?.fixedVersion, f.severity])).toEqual([
      ["CVE-2016-10539", "negotiator", "0.5.3", "0.6.1", "high"],
      ["CVE-2017-16082", "pg", "5.1.0", "5.2.1", "high"],
      ["CVE-2017-16119", "fresh", "0.3.0", "0.5.2", "high"],
      ["CVE-2017-16137", "debug", "2.2.0", "2.6.9", "low"],
      ["CVE-2017-16138", "mime", "1.3.4", "1.4.1", "medium"],
    ]);
    expect(findings[0]).toMatchObject({
      kind: "dependency",
      tool: "npm-audit",
      category: "dependency",
      title: "negotiator 0.5.3: Regular Expression Denial of Service (CVE-2016-10539)",
      confidence: 0.9,
      cwe: ["CWE-400"],
      vulnerabilityIds: ["CVE-2016-10539"],
      helpUrl: "https://nodesecurity.io/advisories/106",
      suggestedFix: "Upgrade negotiator to 0.6.1; npm audit suggests `npm install express@4.16.3`",
      package: { name: "negotiator", ecosystem: "npm", installedVersion: "0.5.3", fixedVersion: "0.6.1", path: "express>accepts>negotiator" },
      location: { path: "express>accepts>negotiator" },
      toolFingerprint: "dep:CVE-2016-10539|negotiator|0.5.3",
      evidence: { npmAdvisoryId: "106", vulnerableVersions: "<= 0.6.0", patchedVersions: ">= 0.6.1" },
    });
    expect(findings[1]!.suggestedFix).toBe("Upgrade pg to 5.2.1; npm audit suggests `npm install pg-promise@8.4.5` (a semver-major change)");
    expect(findings[3]!.evidence).toMatchObject({ paths: ["body-parser>debug", "debug", "express>debug", "express>finalhandler>debug", "express>send>debug", "express>serve-static>send>debug", "morgan>debug"] });
    // `"cwe": "CWE-"` carries no id.
    expect(findings[4]!.cwe).toBeUndefined();
  });

  it("gives the same findings when the report arrives 7 bytes at a time", async () => {
    const whole = await parseCorpus(parseNpmAudit, "npm_audit", "many_vuln.json");
    expect(await parseCorpus(parseNpmAudit, "npm_audit", "many_vuln.json", 7)).toEqual(whole);
  });
});

describe.skipIf(v7Files.length === 0)("parseNpmAudit on the real npm 7+ corpus (npm_audit_7_plus/)", () => {
  const expected: Record<string, { items: number; findings: number }> = {
    "issue_10801.json": { items: 1, findings: 1 },
    "many_vulns.json": { items: 6, findings: 3 },
    "no_vuln.json": { items: 0, findings: 0 },
  };

  it("has an expectation for every file", () => {
    expect(v7Files).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))("%s: counts", async (file) => {
    const { findings, stats } = await parseCorpus(parseNpmAudit, "npm_audit_7_plus", file);
    expect({ items: stats.itemsRead, findings: findings.length }).toEqual(expected[file]);
  });

  it("many_vulns.json: advisories on the packages that have them; indirect entries (string `via`) yield nothing", async () => {
    const { findings } = await parseCorpus(parseNpmAudit, "npm_audit_7_plus", "many_vulns.json");
    expect(findings.map((f) => [f.ruleId, f.package?.name, f.severity, f.package?.fixedVersion])).toEqual([
      ["GHSA-gxpj-cx7g-858c", "debug", "medium", "4.3.1"],
      ["GHSA-c2qf-rxjj-qqgw", "semver", "medium", "7.5.2"],
      ["GHSA-3787-6prv-h9w3", "undici", "low", undefined],
    ]);
    expect(findings[0]).toMatchObject({
      title: "debug 4.0.0 - 4.3.0: Regular Expression Denial of Service in debug (GHSA-gxpj-cx7g-858c)",
      cwe: ["CWE-400"],
      vulnerabilityIds: ["GHSA-gxpj-cx7g-858c"],
      package: { name: "debug", installedVersion: undefined, path: "node_modules/@vercel/fun/node_modules/debug" },
      toolFingerprint: "dep:GHSA-GXPJ-CX7G-858C|debug|>=4.0.0 <4.3.1",
      suggestedFix: "Upgrade debug to 4.3.1; npm audit suggests `npm install vercel@32.3.0` (a semver-major change)",
      evidence: { npmAdvisoryId: 1094219, vulnerableRange: "4.0.0 - 4.3.0", advisoryRange: ">=4.0.0 <4.3.1", cvssScore: 5.3 },
    });
    // `<=5.28.2` implies no fixed version: only npm's own suggestion remains.
    expect(findings[2]!.suggestedFix).toBe("npm audit suggests `npm install vercel@32.3.0` (a semver-major change)");
  });

  it("issue_10801.json: got, moderate → medium, the fix through nodemon", async () => {
    const { findings } = await parseCorpus(parseNpmAudit, "npm_audit_7_plus", "issue_10801.json");
    expect(findings[0]).toMatchObject({
      ruleId: "GHSA-pfrx-2q88-qq97",
      severity: "medium",
      title: "got <11.8.5: Got allows a redirect to a UNIX socket (GHSA-pfrx-2q88-qq97)",
      helpUrl: "https://github.com/advisories/GHSA-pfrx-2q88-qq97",
      package: { name: "got", fixedVersion: "11.8.5", path: "node_modules/got" },
      evidence: { cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N" },
    });
    expect(findings[0]!.cwe).toBeUndefined();
  });
});

describe("parseNpmAudit on constructed reports", () => {
  const via = (o: object) => ({ source: 1, name: "lodash.merge", dependency: "lodash.merge", title: "Prototype Pollution", url: "https://github.com/advisories/GHSA-h726-x36v-rx45", severity: "high", cwe: ["CWE-1321"], cvss: { score: 9.8 }, range: "<4.6.2", ...o });
  const v7 = (entry: object) => JSON.stringify({ auditReportVersion: 2, vulnerabilities: { "lodash.merge": { name: "lodash.merge", severity: "high", isDirect: true, via: [via({})], range: "<4.6.2", nodes: ["node_modules/lodash.merge"], ...entry } }, metadata: { vulnerabilities: { total: 1 } } });

  it("streams package names with dots; fixAvailable on the package itself is its fixed version", async () => {
    const { findings } = await parseAll(parseNpmAudit, v7({ fixAvailable: { name: "lodash.merge", version: "4.6.2", isSemVerMajor: false } }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ package: { name: "lodash.merge", fixedVersion: "4.6.2" }, suggestedFix: "Upgrade lodash.merge to 4.6.2", cwe: ["CWE-1321"] });
  });

  it("fixAvailable true / false become notes; a missing level falls back to CVSS, then to low", async () => {
    const [entryLevel] = (await parseAll(parseNpmAudit, v7({ via: [via({ severity: undefined })] }))).findings;
    expect(entryLevel!.severity).toBe("high");
    const [a] = (await parseAll(parseNpmAudit, v7({ severity: undefined, fixAvailable: false, via: [via({ severity: undefined, range: "<=4.6.1" })] }))).findings;
    expect(a).toMatchObject({ severity: "critical", suggestedFix: "npm audit knows no fix" });
    const [b] = (await parseAll(parseNpmAudit, v7({ severity: undefined, fixAvailable: true, via: [via({ severity: undefined, cvss: {} })] }))).findings;
    expect(b).toMatchObject({ severity: "low", suggestedFix: "Upgrade lodash.merge to 4.6.2; `npm audit fix` resolves it" });
  });

  it("an empty npm 6 report is zero findings", async () => {
    expect((await parseAll(parseNpmAudit, JSON.stringify({ actions: [], advisories: {}, muted: [], metadata: { vulnerabilities: {} }, runId: "x" }))).findings).toEqual([]);
  });

  it("malformed, truncated, empty and wrong-shape input are VALIDATION_ERRORs", async () => {
    expect(await parseError(parseNpmAudit, '{"advisories": {"1": {"module_name": "x"')).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report" } });
    expect(await parseError(parseNpmAudit, "npm ERR! code ENOLOCK")).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report" } });
    expect(await parseError(parseNpmAudit, "")).toMatchObject({ code: "VALIDATION_ERROR" });
    const wrong = await parseError(parseNpmAudit, JSON.stringify({ matches: [], source: {} }));
    expect(wrong).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "wrong_shape", format: "npm_audit" } });
    expect(wrong.message).toMatch(/not a npm audit report \(/);
    expect(await parseError(parseNpmAudit, "[]")).toMatchObject({ details: { reason: "wrong_shape" } });
  });

  it("npm 7+ errors (ENOLOCK…) are tool errors too", async () => {
    const e = await parseError(parseNpmAudit, JSON.stringify({ error: { code: "ENOLOCK", summary: "This command requires an existing lockfile.", detail: "Try creating one first" } }));
    expect(e).toMatchObject({ details: { reason: "tool_error", toolCode: "ENOLOCK" } });
    expect(e.message).toContain("This command requires an existing lockfile.");
  });
});

describe("fixed versions from npm ranges", () => {
  it.each([
    [">= 2.6.9 < 3.0.0 || >= 3.1.0", "2.2.0", "2.6.9"],
    [">= 2.6.9 < 3.0.0 || >= 3.1.0", "3.0.1", "3.1.0"],
    [">=3.0.8 <4.0.0 || >=4.5.3", "4.5.2", "4.5.3"],
    ["<0.0.0", "1.0.0", undefined],
  ])("patched %s, installed %s → %s", (range, installed, want) => {
    expect(fixedFromPatchedRange(range, installed)).toBe(want);
  });

  it.each([
    ["<11.8.5", undefined, "11.8.5"],
    [">=4.0.0 <4.3.1", undefined, "4.3.1"],
    ["<0.2.1 || >=1.0.0 <1.2.3", "1.1.0", "1.2.3"],
    ["<0.2.1 || >=1.0.0 <1.2.3", undefined, undefined],
    ["<=5.28.2", undefined, undefined],
  ])("vulnerable %s, installed %s → %s", (range, installed, want) => {
    expect(fixedFromVulnerableRange(range, installed)).toBe(want);
  });
});
