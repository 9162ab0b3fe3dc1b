import { describe, expect, it } from "vitest";
import { corpusFolder, parseAll, parseCorpus, parseError } from "./dependency-finding-testing";
import { parseTrivy } from "./trivy";

const files = corpusFolder("trivy");

const vuln = (o: object = {}) => ({ VulnerabilityID: "CVE-2020-8203", PkgName: "lodash", InstalledVersion: "4.17.15", FixedVersion: "4.17.19", Severity: "HIGH", Title: "Prototype Pollution", ...o });

describe.skipIf(files.length === 0)("parseTrivy on the real corpus (trivy/)", () => {
  const expected: Record<string, { items: number; findings: number }> = {
    "all_statuses.json": { items: 8, findings: 7 },
    "misconfigurations_and_secrets.json": { items: 5, findings: 5 },
    "scheme_2_many_vulns.json": { items: 5, findings: 5 },
    "scheme_2_no_vuln.json": { items: 0, findings: 0 },
  };

  it("has an expectation for every file", () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))("%s: counts (also fed 11 bytes at a time)", async (file) => {
    const { findings, stats } = await parseCorpus(parseTrivy, "trivy", file);
    expect({ items: stats.itemsRead, findings: findings.length }).toEqual(expected[file]);
    expect(await parseCorpus(parseTrivy, "trivy", file, 11)).toEqual({ findings, stats });
  });

  it("scheme_2_many_vulns.json: OS and jar packages, fixed versions, CVSS of the severity source", async () => {
    const { findings } = await parseCorpus(parseTrivy, "trivy", "scheme_2_many_vulns.json");
    expect(findings.map((f) => [f.ruleId, f.package?.name, f.package?.installedVersion, f.package?.fixedVersion, f.severity])).toEqual([
      ["CVE-2020-15999", "freetype", "2.9.1-r2", "2.9.1-r3", "medium"],
      ["CVE-2020-28196", "krb5-libs", "1.15.5-r0", "1.15.5-r1", "high"],
      ["CVE-2019-12900", "libbz2", "1.0.6-r6", "1.0.6-r7", "critical"],
      ["CVE-2018-11771", "org.apache.commons:commons-compress", "1.14", "1.18", "medium"],
      ["CVE-2018-1324", "org.apache.commons:commons-compress", "1.14", "1.16", "medium"],
    ]);
    expect(findings[0]).toMatchObject({
      kind: "dependency",
      tool: "trivy",
      category: "dependency",
      title: "freetype 2.9.1-r2: freetype: Heap-based buffer overflow due to integer truncation in Load_SBit_Png (CVE-2020-15999)",
      cwe: ["CWE-787"],
      vulnerabilityIds: ["CVE-2020-15999"],
      suggestedFix: "Upgrade freetype to 2.9.1-r3",
      helpUrl: "https://avd.aquasec.com/nvd/cve-2020-15999",
      package: { ecosystem: "alpine", path: "app/libs/freetype-2.9.1-r2" },
      toolFingerprint: "dep:CVE-2020-15999|freetype|2.9.1-r2",
      evidence: { target: "teamdojo:latest (alpine 3.9.4)", class: "os-pkgs", cvss: { source: "nvd", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", score: 6.5 } },
    });
    // No NVD entry: the Red Hat one.
    expect(findings[1]!.evidence).toMatchObject({ cvss: { source: "redhat", score: 7.5 } });
    expect(findings[3]!.package).toMatchObject({ ecosystem: "jar", path: "app/libs/commons-compress-1.14" });
  });

  it("all_statuses.json: not_affected is skipped; unfixed statuses explain themselves; a TEMP- id keys by itself", async () => {
    const { findings } = await parseCorpus(parseTrivy, "trivy", "all_statuses.json");
    expect(findings.map((f) => f.ruleId)).not.toContain("CVE-2019-18276");
    expect(findings.map((f) => f.evidence?.status)).toEqual(["unknown", "affected", "fixed", "under_investigation", "will_not_fix", "fix_deferred", "end_of_life"]);
    expect(findings.every((f) => f.severity === "low")).toBe(true);
    expect(findings[1]).toMatchObject({ ruleId: "TEMP-0841856-B18BAF", toolFingerprint: "dep:TEMP-0841856-B18BAF|bash|5.0-4", suggestedFix: "No fixed version has been released yet (Trivy status: affected)" });
    expect(findings[1]!.vulnerabilityIds).toBeUndefined();
    expect(findings[4]!.suggestedFix).toMatch(/^The vendor will not fix it/);
    expect(findings[0]!.suggestedFix).toBeUndefined();
  });

  it("misconfigurations_and_secrets.json: pip vulnerabilities, a Dockerfile misconfiguration (iac), two secrets", async () => {
    const { findings } = await parseCorpus(parseTrivy, "trivy", "misconfigurations_and_secrets.json");
    expect(findings.map((f) => [f.kind, f.category, f.ruleId, f.severity])).toEqual([
      ["dependency", "dependency", "CVE-2021-33503", "high"],
      ["dependency", "dependency", "CVE-2021-28363", "medium"],
      ["code", "iac", "DS002", "high"],
      ["secret", "secret", "github-pat", "critical"],
      ["secret", "secret", "github-pat", "critical"],
    ]);
    expect(findings[0]).toMatchObject({ package: { name: "urllib3", ecosystem: "pip", installedVersion: "1.26.3", fixedVersion: "1.26.5", path: "requirements.txt" }, cwe: ["CWE-400"] });
    expect(findings[2]).toMatchObject({
      title: "Image user should not be 'root' (DS002)",
      suggestedFix: "Add 'USER <non root user name>' line to the Dockerfile",
      helpUrl: "https://avd.aquasec.com/misconfig/ds002",
      location: { path: "Dockerfile" },
      evidence: { type: "Dockerfile Security Check", namespace: "builtin.dockerfile.DS002" },
    });
    expect(findings[2]!.description).toMatch(/^Running containers with 'root' user[\s\S]*\nSpecify at least 1 USER command/);
    expect(findings[3]).toMatchObject({ title: "GitHub Personal Access Token in Dockerfile", location: { path: "Dockerfile", startLine: 24, endLine: 24, snippet: "ENV GITHUB_PAT=*****" }, evidence: { category: "GitHub" } });
    expect(findings[4]!.location).toMatchObject({ path: "secret.txt", startLine: 1 });
  });
});

describe("parseTrivy on constructed reports", () => {
  it("reads the pre-0.20 top-level array of results", async () => {
    const { findings, stats } = await parseAll(parseTrivy, JSON.stringify([{ Target: "package-lock.json", Type: "npm", Vulnerabilities: [vuln()] }, { Target: "x", Vulnerabilities: null }]));
    expect(stats.itemsRead).toBe(1);
    expect(findings[0]).toMatchObject({ title: "lodash 4.17.15: Prototype Pollution (CVE-2020-8203)", suggestedFix: "Upgrade lodash to 4.17.19", package: { path: "package-lock.json", ecosystem: "npm" } });
  });

  it("UNKNOWN severity falls back to CVSS (V3 over V2), then to low; the purl names the ecosystem", async () => {
    const report = (v: object) => JSON.stringify({ SchemaVersion: 2, Results: [{ Target: "go.sum", Class: "lang-pkgs", Type: "gomod", Vulnerabilities: [vuln({ Severity: "UNKNOWN", PkgIdentifier: { PURL: "pkg:golang/x@1" }, ...v })] }] });
    const [a] = (await parseAll(parseTrivy, report({ SeveritySource: "ghsa", CVSS: { ghsa: { V2Score: 5, V3Score: 9.1 } } }))).findings;
    expect(a).toMatchObject({ severity: "critical", package: { ecosystem: "golang" } });
    const [b] = (await parseAll(parseTrivy, report({}))).findings;
    expect(b!.severity).toBe("low");
  });

  it("passed misconfigurations are not findings", async () => {
    const { findings, stats } = await parseAll(parseTrivy, JSON.stringify({ SchemaVersion: 2, Results: [{ Target: "main.tf", Class: "config", Type: "terraform", Misconfigurations: [{ ID: "AVD-1", Status: "PASS", Severity: "LOW" }] }] }));
    expect({ findings, items: stats.itemsRead }).toEqual({ findings: [], items: 1 });
  });

  it("malformed, truncated and wrong-shape reports are VALIDATION_ERRORs", async () => {
    expect(await parseError(parseTrivy, '{"SchemaVersion": 2, "Results": [{"Target": "x", "Vulnerabilities": [{"Vuln')).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report", format: "trivy" } });
    expect(await parseError(parseTrivy, "{'SchemaVersion': 2}")).toMatchObject({ details: { reason: "malformed_report" } });
    const wrong = await parseError(parseTrivy, JSON.stringify({ matches: [], descriptor: { name: "grype" } }));
    expect(wrong).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "wrong_shape", format: "trivy" } });
    expect(wrong.message).toMatch(/not a Trivy report \(/);
  });
});
