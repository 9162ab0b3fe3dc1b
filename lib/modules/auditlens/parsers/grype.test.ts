import { describe, expect, it } from "vitest";
import { corpusFolder, parseAll, parseCorpus, parseError } from "./dependency-finding-testing";
import { parseGrype } from "./grype";
import { parseTrivy } from "./trivy";

const files = corpusFolder("grype");

const match = (id: string, name: string, version: string, o: { related?: string[]; severity?: string; cvss?: object[]; fix?: object; type?: string } = {}) => ({
  vulnerability: { id, dataSource: `https://nvd.nist.gov/vuln/detail/${id}`, namespace: "nvd", severity: o.severity ?? "High", urls: [], description: `${id} description. More.`, cvss: o.cvss ?? [], fix: o.fix ?? { versions: [], state: "not-fixed" }, advisories: [] },
  relatedVulnerabilities: (o.related ?? []).map((r) => ({ id: r, namespace: "nvd", severity: "High", urls: [], cvss: [] })),
  matchDetails: [{ type: "exact-direct-match", matcher: "stock-matcher", searchedBy: {}, found: { versionConstraint: "< 9" } }],
  artifact: { name, version, type: o.type ?? "deb", locations: [{ path: "/var/lib/dpkg/status" }], purl: `pkg:${o.type === "python" ? "pypi" : "deb/debian"}/${name}@${version}` },
});
const grypeReport = (...matches: object[]) => JSON.stringify({ matches, source: { type: "image", target: { userInput: "app:1" } }, distro: { name: "debian" }, descriptor: { name: "grype", version: "0.74.0" } });

describe.skipIf(files.length === 0)("parseGrype on the real corpus (grype/)", () => {
  const expected: Record<string, { items: number; findings: number }> = {
    "check_all_fields.json": { items: 6, findings: 6 },
    "many_vulns_with_epss_values.json": { items: 15, findings: 15 },
    "no_vuln.json": { items: 0, findings: 0 },
    "same_cve_different_paths.json": { items: 2, findings: 2 },
  };

  it("has an expectation for every file", () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))("%s: counts (also fed 13 bytes at a time)", async (file) => {
    const { findings, stats } = await parseCorpus(parseGrype, "grype", file);
    expect({ items: stats.itemsRead, findings: findings.length }).toEqual(expected[file]);
    expect(await parseCorpus(parseGrype, "grype", file, 13)).toEqual({ findings, stats });
  });

  it("check_all_fields.json: Negligible → info, wont-fix has no fixed version, a GHSA keys by its related CVE", async () => {
    const { findings } = await parseCorpus(parseGrype, "grype", "check_all_fields.json");
    expect(findings.map((f) => [f.ruleId, f.package?.name, f.package?.installedVersion, f.severity, f.package?.fixedVersion])).toEqual([
      ["CVE-2004-0971", "libgssapi-krb5-2", "1.17-3+deb10u3", "info", undefined],
      ["CVE-2021-32626", "redis", "4.0.2", "high", undefined],
      ["CVE-2021-33574", "libc-bin", "2.28-10", "critical", undefined],
      ["CVE-2021-33574", "libc6", "2.28-10", "critical", undefined],
      ["GHSA-v6rh-hp5x-86rv", "Django", "3.2.9", "high", "3.2.10"],
      ["GHSA-v6rh-hp5x-86rv", "Django", "3.2.9", "high", "3.2.10"],
    ]);
    expect(findings[1]).toMatchObject({ suggestedFix: "The vendor will not fix it (Grype fix state: wont-fix): mitigate, or replace the package or base image", evidence: { fixState: "wont-fix", cvss: { version: "3.1", score: 8.8 } } });
    expect(findings[4]).toMatchObject({
      kind: "dependency",
      tool: "grype",
      title: "Django 3.2.9: Potential bypass of an upstream access control based on URL paths in Django (GHSA-v6rh-hp5x-86rv)",
      vulnerabilityIds: ["GHSA-v6rh-hp5x-86rv", "CVE-2021-44420"],
      suggestedFix: "Upgrade Django to 3.2.10",
      helpUrl: "https://github.com/advisories/GHSA-v6rh-hp5x-86rv",
      package: { ecosystem: "pypi", path: "/usr/local/lib/python3.8/site-packages/Django-3.2.9.dist-info/METADATA" },
      toolFingerprint: "dep:CVE-2021-44420|django|3.2.9",
      // The GHSA has no CVSS of its own: the related CVE's newest.
      evidence: { cvss: { version: "3.1", score: 7.3 }, relatedIds: ["CVE-2021-44420"], namespace: "github:python" },
    });
    // The repeated match is the same finding: ingestion merges it.
    expect(findings[5]!.toolFingerprint).toBe(findings[4]!.toolFingerprint);
  });

  it("many_vulns_with_epss_values.json: busybox, severities, the suggested fix version, EPSS evidence", async () => {
    const { findings } = await parseCorpus(parseGrype, "grype", "many_vulns_with_epss_values.json");
    const count = (s: string) => findings.filter((f) => f.severity === s).length;
    expect([count("critical"), count("high"), count("medium"), count("low")]).toEqual([1, 10, 2, 2]);
    const fixed = findings.find((f) => f.ruleId === "CVE-2021-42376")!;
    expect(fixed).toMatchObject({ package: { name: "busybox", installedVersion: "1.32.1", fixedVersion: "1.34.0", ecosystem: "generic", path: "/bin/[" }, evidence: { epss: 0.00028, epssPercentile: 0.06078, risk: 0.01218 } });
    expect(findings[0]!.title).toMatch(/^busybox 1\.32\.1: BusyBox through 1\.35\.0 allows remote attackers .*… \(CVE-2022-28391\)$/);
  });

  it("same_cve_different_paths.json: one key, two locations (merged at ingestion with both paths)", async () => {
    const { findings } = await parseCorpus(parseGrype, "grype", "same_cve_different_paths.json");
    expect(new Set(findings.map((f) => f.toolFingerprint))).toEqual(new Set(["dep:CVE-2021-33574|libc6|2.28-10"]));
    expect(findings.map((f) => f.location?.path)).toEqual(["/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"]);
    expect(findings[0]!.title).toBe("libc6 2.28-10: CVE-2021-33574");
  });
});

describe("parseGrype on constructed reports", () => {
  it("an Unknown severity falls back to the CVSS score, then to low", async () => {
    const { findings } = await parseAll(parseGrype, grypeReport(match("CVE-2024-1", "a", "1", { severity: "Unknown", cvss: [{ version: "3.1", vector: "CVSS:3.1/…", metrics: { baseScore: 7.1 } }] }), match("CVE-2024-2", "b", "1", { severity: "Unknown" })));
    expect(findings.map((f) => f.severity)).toEqual(["high", "low"]);
  });

  it("malformed, truncated and wrong-shape reports are VALIDATION_ERRORs", async () => {
    expect(await parseError(parseGrype, grypeReport(match("CVE-2024-1", "a", "1")).slice(0, 150))).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report", format: "grype" } });
    const wrong = await parseError(parseGrype, JSON.stringify({ SchemaVersion: 2, Results: [] }));
    expect(wrong).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "wrong_shape", format: "grype" } });
    expect(wrong.message).toMatch(/not a Grype report \(/);
  });
});

describe("Trivy and Grype reports of one image merge by dependency key", () => {
  const trivy = JSON.stringify({
    SchemaVersion: 2,
    ArtifactName: "app:1",
    ArtifactType: "container_image",
    Results: [
      { Target: "app:1 (debian 10.10)", Class: "os-pkgs", Type: "debian", Vulnerabilities: [
        { VulnerabilityID: "CVE-2021-33574", PkgName: "libc6", InstalledVersion: "2.28-10", Severity: "CRITICAL" },
        { VulnerabilityID: "CVE-2019-12900", PkgName: "libbz2-1.0", InstalledVersion: "1.0.6-9.2~deb10u1", FixedVersion: "1.0.6-9.2~deb10u2", Severity: "CRITICAL" },
      ] },
      { Target: "Python", Class: "lang-pkgs", Type: "python-pkg", Vulnerabilities: [
        { VulnerabilityID: "CVE-2021-44420", PkgName: "django", PkgPath: "usr/local/lib/python3.8/site-packages/Django-3.2.9.dist-info/METADATA", InstalledVersion: "3.2.9", FixedVersion: "3.2.10", Severity: "HIGH" },
      ] },
    ],
  });
  const grype = grypeReport(
    match("CVE-2021-33574", "libc6", "2.28-10", { severity: "Critical" }),
    match("CVE-2019-12900", "libbz2-1.0", "1.0.6-9.2~deb10u1", { severity: "Critical", fix: { versions: ["1.0.6-9.2~deb10u2"], state: "fixed" } }),
    // Grype matches the GitHub advisory; the CVE is only among its related vulnerabilities.
    match("GHSA-v6rh-hp5x-86rv", "Django", "3.2.9", { related: ["CVE-2021-44420"], type: "python", fix: { versions: ["3.2.10"], state: "fixed" } }),
  );

  it("gives the same set of toolFingerprints", async () => {
    const t = (await parseAll(parseTrivy, trivy)).findings.map((f) => f.toolFingerprint);
    const g = (await parseAll(parseGrype, grype)).findings.map((f) => f.toolFingerprint);
    expect(t).toHaveLength(3);
    expect(new Set(g)).toEqual(new Set(t));
    expect(t).toContain("dep:CVE-2021-44420|django|3.2.9");
  });
});
