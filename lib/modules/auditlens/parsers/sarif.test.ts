// The SARIF parser against the real corpus (DefectDojo's SARIF test files, ../shared/corpus/findings/sarif): exact
// finding counts per file, spot checks of mapped fields, and which files give the storage layer a tool fingerprint.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseSarif } from "./sarif";
import type { ParsedFinding, ParseStats } from "./types";

const dir = path.join(process.env.OMNIAUDIT_CORPUS_DIR ?? path.resolve("../shared/corpus"), "findings", "sarif");
const present = fs.existsSync(dir);

async function parseFile(name: string): Promise<{ findings: ParsedFinding[]; stats: ParseStats }> {
  const stats: ParseStats = { itemsRead: 0 };
  const findings: ParsedFinding[] = [];
  for await (const f of parseSarif({ stream: fs.createReadStream(path.join(dir, name)), name }, stats)) findings.push(f);
  return { findings, stats };
}

// file → [results in the file, findings after suppressions / baselineState "absent"]
const COUNTS: Record<string, [number, number]> = {
  "SuppressionTestCurrent.sarif": [4, 1], // 3 results carry `suppressions: [{ kind: "external" }]` (no status = accepted)
  "appendix_k1.sarif": [0, 0], // the spec's minimal log: one run, empty results
  "appendix_k4.sarif": [1, 0], // its one result is suppressed with status "accepted"
  "bash-report.sarif": [27, 27],
  "codeQL-output.sarif": [72, 72],
  "cxf-3.4.6.sarif": [22, 22],
  "dockle_0_3_15.sarif": [4, 4],
  "flawfinder.sarif": [54, 54], // includes one `kind: "pass"` result → info
  "gitleaks_7.5.0.sarif": [8, 8],
  "mobsfscan.json": [9, 9], // SARIF despite the name
  "njsscan.sarif": [2, 2],
};

describe.skipIf(!present)(`SARIF corpus (${present ? dir : "corpus not found: set OMNIAUDIT_CORPUS_DIR or place ../shared/corpus beside the project"})`, () => {
  it("knows every file of the corpus", () => {
    expect(fs.readdirSync(dir).sort()).toEqual(Object.keys(COUNTS).sort());
  });

  it.each(Object.entries(COUNTS))("%s: results read and findings", async (name, [results, findings]) => {
    const out = await parseFile(name);
    expect(out.stats.itemsRead).toBe(results);
    expect(out.findings).toHaveLength(findings);
    for (const f of out.findings) {
      expect(f.confidence).toBeGreaterThanOrEqual(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
      expect(f.title.length).toBeLessThanOrEqual(300);
      expect(f.location?.path ?? "").not.toMatch(/^file:|%[0-9A-F]{2}|^\/home\/runner\//i);
    }
  });

  it("CodeQL: rules by ruleIndex, CWE from tags, partialFingerprints, related locations and code flows", async () => {
    const { findings } = await parseFile("codeQL-output.sarif");
    expect(new Set(findings.map((f) => f.tool))).toEqual(new Set(["codeql"]));
    const sqli = findings.filter((f) => f.ruleId === "py/sql-injection");
    expect(sqli.map((f) => [f.location?.path, f.location?.startLine, f.location?.startColumn, f.location?.endColumn])).toEqual([
      ["bad/libuser.py", 12, 22, 112],
      ["bad/libuser.py", 25, 15, 160],
    ]);
    expect(sqli[0]).toMatchObject({ kind: "code", category: "security", severity: "high", confidence: 0.9, cwe: ["CWE-89"], toolFingerprint: "primaryLocationLineHash:87f19d40ee7aefaf:1|primaryLocationStartColumnFingerprint:17" });
    expect(sqli[0]?.title).toMatch(/^This SQL query depends on a user-provided value\./); // embedded links → their text
    expect((sqli[0]?.evidence?.relatedLocations as unknown[]).length).toBe(12);
    expect(findings.find((f) => f.ruleId === "py/reflective-xss")).toMatchObject({ cwe: ["CWE-79", "CWE-116"], location: { path: "bad/mod_user.py", startLine: 33 } });
    const unused = findings.filter((f) => f.ruleId === "py/unused-import");
    expect(unused).toHaveLength(40);
    expect(unused[0]).toMatchObject({ category: "quality", severity: "low", confidence: 0.95, title: "Import of 'sys' is not used.", location: { path: "utils/aes-decrypt.py", startLine: 3 } });
    expect(findings.find((f) => f.ruleId === "py/unreachable-statement")).toMatchObject({ severity: "medium", cwe: ["CWE-561"] });
    expect(findings.find((f) => f.ruleId === "py/empty-except")?.description).toBe("Except doesn't do anything and has no comment");
  });

  it("ShellCheck via sast-scan: paths made relative to the invocation's working directory, precision", async () => {
    const { findings } = await parseFile("bash-report.sarif");
    expect(findings[0]).toMatchObject({
      tool: "shell script analysis", ruleId: "2076", severity: "low", confidence: 0.9, category: "quality", helpUrl: "https://github.com/koalaman/shellcheck/wiki/SC2076",
      location: { path: "docker/setEnv.sh", startLine: 134 }, toolFingerprint: "scanFileHash:f196e70ba8d8dace|scanPrimaryLocationHash:47f57f9669991906",
    });
    expect(findings.filter((f) => f.location?.path === "entrypoint_scripts/common/dojo-shared-resources.sh")).toHaveLength(19);
  });

  it("Grype: CVE rule ids → dependency findings with package, security-severity, cross-tool dependency key", async () => {
    const { findings } = await parseFile("cxf-3.4.6.sarif");
    expect(findings.every((f) => f.kind === "dependency" && f.category === "dependency")).toBe(true);
    expect(findings[0]).toMatchObject({
      ruleId: "CVE-2008-0732-geronimo-j2ee-management_1.1_spec", severity: "low", vulnerabilityIds: ["CVE-2008-0732"],
      package: { name: "geronimo-j2ee-management_1.1_spec", ecosystem: "maven", installedVersion: "1.0.1", path: "lib/geronimo-j2ee-management_1.1_spec-1.0.1.jar" },
      toolFingerprint: "dep:CVE-2008-0732|geronimo-j2ee-management_1.1_spec|1.0.1",
    });
    expect(findings.find((f) => f.ruleId === "CVE-2019-12419-cxf-xjc-runtime")?.severity).toBe("critical"); // 9.8
    expect(findings.find((f) => f.ruleId === "CVE-2019-12406-cxf-xjc-runtime")?.severity).toBe("medium"); // 6.5
    const ghsa = findings.find((f) => f.ruleId.startsWith("GHSA-"));
    expect(ghsa).toMatchObject({ severity: "high", vulnerabilityIds: ["GHSA-57j2-w4cx-62h2"], package: { fixedVersion: "2.12.6.1" }, suggestedFix: "Upgrade jackson-databind to 2.12.6.1." });
  });

  it("Flawfinder: CWE from rule relationships, fingerprints, rank 0..1, a pass result as info", async () => {
    const { findings } = await parseFile("flawfinder.sarif");
    expect(findings[0]).toMatchObject({ ruleId: "FF1048", severity: "high", confidence: 0.6, cwe: ["CWE-327"], location: { path: "src/tree/param.cc", startLine: 29, startColumn: 10, endColumn: 38 } });
    expect(findings[0]?.toolFingerprint).toBe("contextHash/v1:e6c1ad2b1d96ffc4035ed8df070600566ad240b8ded025dac30620f3fd4aa9fd");
    expect(findings[1]?.severity).toBe("medium"); // the result's level "warning" beats the rule's default "error"
    expect(findings.find((f) => f.ruleId === "FF1021")?.cwe).toEqual(["CWE-120", "CWE-20"]);
    const pass = findings.filter((f) => f.severity === "info");
    expect(pass).toHaveLength(1);
    expect(pass[0]).toMatchObject({ ruleId: "FF1013", title: expect.stringMatching(/^Statically-sized arrays/) });
    expect(pass[0]?.location).toBeUndefined();
  });

  it("Gitleaks 7: rule inferred from the message, secret kind, secret redacted from the snippet", async () => {
    const { findings } = await parseFile("gitleaks_7.5.0.sarif");
    expect(findings.map((f) => f.ruleId).filter((r) => r === "AWS Access Key")).toHaveLength(6);
    expect(findings.map((f) => f.ruleId).filter((r) => r === "Asymmetric Private Key")).toHaveLength(2);
    expect(findings[0]).toMatchObject({ kind: "secret", category: "secret", severity: "medium", location: { startLine: 13 }, evidence: { commit: "6d127980966808f7413935678e079dcd7fedf9c2" } });
    expect(JSON.stringify(findings)).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });

  it("mobsfscan and njsscan: CWE from properties, extra locations in evidence, the project root as no location", async () => {
    const mobsf = (await parseFile("mobsfscan.json")).findings;
    expect(mobsf[0]).toMatchObject({ ruleId: "android_logging", severity: "low", category: "security", cwe: ["CWE-532"], location: { path: "app/src/main/java/jakhar/aseem/diva/InsecureDataStorage2Activity.java", startLine: 57 } });
    expect(mobsf[0]?.evidence?.otherLocations).toHaveLength(7);
    expect(mobsf.find((f) => f.ruleId === "sqlite_injection")).toMatchObject({ severity: "medium", cwe: ["CWE-78"] });
    expect(mobsf.find((f) => f.ruleId === "android_certificate_pinning")).toMatchObject({ severity: "low", cwe: ["CWE-295"] });
    expect(mobsf.find((f) => f.ruleId === "android_certificate_pinning")?.location).toBeUndefined(); // uri "./"
    const njs = (await parseFile("njsscan.sarif")).findings;
    expect(njs.map((f) => [f.ruleId, f.severity, f.cwe, f.location?.path, f.location?.startLine])).toEqual([
      ["node_insecure_random_generator", "medium", ["CWE-327"], "/src/index.js", 321],
      ["node_password", "high", ["CWE-798"], "/src/index.js", 235],
    ]);
  });

  it("Dockle: results without locations, levels, bare-URL help as helpUrl", async () => {
    const { findings } = await parseFile("dockle_0_3_15.sarif");
    expect(findings.map((f) => [f.ruleId, f.severity, f.location])).toEqual([
      ["CIS-DI-0010", "high", undefined], ["CIS-DI-0005", "low", undefined], ["CIS-DI-0006", "low", undefined], ["CIS-DI-0008", "low", undefined],
    ]);
    expect(findings[0]).toMatchObject({ description: "Do not store credential in ENVIRONMENT vars/files", helpUrl: "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#CIS-DI-0010" });
  });

  it("suppression test: the unsuppressed result, its Windows file URI as a path", async () => {
    const { findings } = await parseFile("SuppressionTestCurrent.sarif");
    expect(findings).toEqual([expect.objectContaining({ ruleId: "TST0004", severity: "medium", description: "Rule 004", location: { path: "C:/code/file4.c" } })]);
  });

  it("toolFingerprint is set exactly for results with fingerprints / partialFingerprints (or a dependency key)", async () => {
    const withFp = new Set(["bash-report.sarif", "codeQL-output.sarif", "flawfinder.sarif", "cxf-3.4.6.sarif"]);
    for (const name of Object.keys(COUNTS)) {
      const { findings } = await parseFile(name);
      for (const f of findings) {
        if (withFp.has(name) && f.severity !== "info") expect(f.toolFingerprint, name).toBeTruthy();
        else expect(f.toolFingerprint, name).toBeUndefined();
      }
    }
  });
});
