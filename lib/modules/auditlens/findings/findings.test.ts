// auditlens_parse_findings on every file of the real corpus with parser_profile auto, fingerprint stability,
// cross-tool merge, and bad input — each refused with a clear error and nothing stored.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { corpusDir, CORPUS_MISSING } from "@/e2e/support/corpus";
import { auditlensReports, findings } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { getObjectStore } from "@/lib/object-store";
import { errorCodeOf } from "@/lib/runtime/test-support";
import { runTool, type ToolCallResult } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";

const corpus = corpusDir();
const dir = corpus ? path.join(corpus, "findings") : "";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function parse(args: Record<string, unknown>): Promise<ToolCallResult & { sc: Json }> {
  const r = await runTool({ tool: findTool("auditlens_parse_findings")!, args, principal: "tester", requestId: `t-${Date.now()}`, catalog: { findTool } });
  return { ...r, sc: (r.structuredContent ?? {}) as Json };
}
const read = (rel: string) => fs.readFileSync(path.join(dir, rel), "utf8");
async function parseFile(rel: string, extra: Record<string, unknown> = {}) {
  const r = await parse({ content: read(rel), filename: path.basename(rel), ...extra });
  expect(r.isError, `${rel}: ${JSON.stringify(r.content)}`).toBeFalsy();
  return r.sc;
}
async function allFindings(reportId: string) {
  const r = await runTool({ tool: findTool("auditlens_list_findings")!, args: { report_id: reportId, limit: 100 }, principal: "tester", requestId: "t-list", catalog: { findTool } });
  return ((r.structuredContent as Json).findings ?? []) as Json[];
}
const stored = async () => {
  const db = await getDb();
  const [[r], [f]] = await Promise.all([db.select({ n: count() }).from(auditlensReports), db.select({ n: count() }).from(findings).where(eq(findings.module, "auditlens"))]);
  return { reports: Number(r?.n), findings: Number(f?.n) };
};

/**
 * Every corpus report: the format `auto` finds (the folder, by content), findings parsed (one per result, match,
 * testcase…), and findings stored after deduplication by fingerprint. Where stored < parsed it is by design: the
 * same finding reported twice merges (occurrences counted) — results with equal SARIF `partialFingerprints` /
 * `fingerprints` (bash-report lists one ShellCheck result six times at one line; CodeQL and Flawfinder repeat a few),
 * one secret at one line listed twice (Gitleaks' SARIF), Semgrep's repeated result, Grype's one CVE in one package
 * version at two paths, retire.js's CVE listed twice for one jQuery version.
 */
const CORPUS: Record<string, [format: string, parsed: number, stored: number]> = {
  "bandit/dd.json": ["bandit", 47, 47], "bandit/no_vuln.json": ["bandit", 0, 0], "bandit/one_vuln.json": ["bandit", 1, 1],
  "eslint/empty.json": ["empty", 0, 0], "eslint/no_finding.json": ["eslint", 0, 0], "eslint/scan.json": ["eslint", 2, 2],
  "gitleaks/data_one.json": ["gitleaks", 1, 1], "gitleaks/gitleaks8_many.json": ["gitleaks", 4, 4], "gitleaks/no_findings.json": ["empty", 0, 0], "gitleaks/version_7.5.0.json": ["gitleaks", 8, 8],
  "grype/check_all_fields.json": ["grype", 6, 5], "grype/many_vulns_with_epss_values.json": ["grype", 15, 15], "grype/no_vuln.json": ["grype", 0, 0], "grype/same_cve_different_paths.json": ["grype", 2, 1],
  "junit/TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml": ["junit", 1, 1], "junit/empty-java-junit.xml": ["junit", 0, 0], "junit/jest-junit.xml": ["junit", 4, 4],
  "junit/jest-test-errors.xml": ["junit", 2, 2], "junit/junit-with-message.xml": ["junit", 1, 1], "junit/phpunit.xml": ["junit", 2, 2], "junit/python-xunit-pytest.xml": ["junit", 2, 2],
  "junit/python-xunit-unittest.xml": ["junit", 2, 2], "junit/swift-xunit.xml": ["junit", 1, 1], "junit/tester-v1.7-report.xml": ["junit", 1, 1],
  "npm_audit/many_vuln.json": ["npm_audit", 5, 5], "npm_audit_7_plus/issue_10801.json": ["npm_audit", 1, 1], "npm_audit_7_plus/many_vulns.json": ["npm_audit", 3, 3], "npm_audit_7_plus/no_vuln.json": ["npm_audit", 0, 0],
  "retirejs/latest.json": ["retirejs", 26, 23],
  "sarif/SuppressionTestCurrent.sarif": ["sarif", 1, 1], "sarif/appendix_k1.sarif": ["sarif", 0, 0], "sarif/appendix_k4.sarif": ["sarif", 0, 0], "sarif/bash-report.sarif": ["sarif", 27, 12],
  "sarif/codeQL-output.sarif": ["sarif", 72, 56], "sarif/cxf-3.4.6.sarif": ["sarif", 22, 22], "sarif/dockle_0_3_15.sarif": ["sarif", 4, 4], "sarif/flawfinder.sarif": ["sarif", 54, 50],
  "sarif/gitleaks_7.5.0.sarif": ["sarif", 8, 4], "sarif/mobsfscan.json": ["sarif", 9, 9], "sarif/njsscan.sarif": ["sarif", 2, 2],
  "semgrep/empty.json": ["semgrep", 0, 0], "semgrep/many_findings.json": ["semgrep", 3, 3], "semgrep/many_vulns.json": ["semgrep", 48, 48], "semgrep/repeated_findings.json": ["semgrep", 2, 1],
  "trivy/all_statuses.json": ["trivy", 7, 7], "trivy/misconfigurations_and_secrets.json": ["trivy", 5, 5], "trivy/scheme_2_many_vulns.json": ["trivy", 5, 5], "trivy/scheme_2_no_vuln.json": ["trivy", 0, 0],
  "yarn_audit/yarn2_audit_issue9911.json": ["yarn_audit", 4, 4], "yarn_audit/yarn_audit_many_vul.json": ["yarn_audit", 3, 3], "yarn_audit/yarn_audit_zero_vul.json": ["yarn_audit", 0, 0],
};

describe.skipIf(!corpus)(`parse_findings with auto on the real corpus (${corpus ? dir : CORPUS_MISSING})`, () => {
  const files = corpus ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile() && path.basename(f) !== "SOURCE.md").sort() : [];

  it("knows every corpus file", () => {
    expect(files.filter((f) => f !== "npm_audit/empty_with_error.json")).toEqual(Object.keys(CORPUS).sort());
  });

  it.each(Object.keys(CORPUS))("%s", async (rel) => {
    const [format, parsed, kept] = CORPUS[rel]!;
    const r = await parseFile(rel, { filename: "report.dat" }); // by content: the name says nothing
    expect(r.files).toEqual([expect.objectContaining({ format, findings: parsed })]);
    expect(r.summary.findings_total).toBe(kept);
    expect(r.truncated).toBe(kept > 50);
  });

  it("npm audit's own error report (ENOAUDIT) is a clear error, nothing stored", async () => {
    const before = await stored();
    const r = await parse({ content: read("npm_audit/empty_with_error.json") });
    expect(errorCodeOf(r)).toBe("VALIDATION_ERROR");
    expect(r.content[0]?.text).toMatch(/npm/i);
    expect(await stored()).toEqual(before);
  });

  it("spot checks: severity, rule, location, CWE, CVE, package and test fields survive the mapping", async () => {
    const codeql = await allFindings((await parseFile("sarif/codeQL-output.sarif")).report_id);
    expect(codeql.every((f) => f.tool === "codeql" && f.kind === "code" && f.location?.path && f.location.start_line > 0)).toBe(true);
    expect(codeql.some((f) => f.cwe.length > 0)).toBe(true);
    const trivy = await allFindings((await parseFile("trivy/scheme_2_many_vulns.json")).report_id);
    expect(trivy.find((f) => f.vulnerability_ids.includes("CVE-2020-15999"))).toMatchObject({ severity: "medium", kind: "dependency", package: { name: "freetype", installed_version: "2.9.1-r2", fixed_version: "2.9.1-r3" } });
    const npm = await allFindings((await parseFile("npm_audit/many_vuln.json")).report_id);
    expect(npm.find((f) => f.vulnerability_ids.includes("CVE-2016-10539"))).toMatchObject({ severity: "high", package: { name: "negotiator", installed_version: "0.5.3" } });
    const jest = await allFindings((await parseFile("junit/jest-junit.xml")).report_id);
    expect(jest.find((f) => f.rule_id === "Test 1 › Test 1.1::Failing test")).toMatchObject({ kind: "test", severity: "high", test: { status: "failed", message: expect.stringContaining("toBeTruthy") } });
    const bandit = await allFindings((await parseFile("bandit/one_vuln.json")).report_id);
    expect(bandit[0]).toMatchObject({ rule_id: "B101", severity: "low" });
    const gitleaks = await allFindings((await parseFile("gitleaks/version_7.5.0.json")).report_id);
    expect(gitleaks.every((f) => f.kind === "secret" && f.category === "secret")).toBe(true);
    expect(JSON.stringify(gitleaks)).not.toMatch(/AKIA[0-9A-Z]{16}/);
  });

  it("fingerprints survive code moving: every SARIF result shifted 5 lines keeps its fingerprint; a changed snippet changes it", async () => {
    for (const rel of ["sarif/njsscan.sarif", "sarif/codeQL-output.sarif", "sarif/bash-report.sarif", "sarif/flawfinder.sarif"]) {
      const original = read(rel);
      const doc = JSON.parse(original);
      const shift = (o: unknown): void => {
        if (!o || typeof o !== "object") return;
        for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
          if ((k === "startLine" || k === "endLine") && typeof v === "number") (o as Record<string, number>)[k] = v + 5;
          else shift(v);
        }
      };
      for (const run of doc.runs) for (const res of run.results ?? []) shift(res);
      const fps = async (text: string) => (await allFindings((await parse({ content: text })).sc.report_id)).map((f) => f.fingerprint).sort();
      const before = await fps(original);
      expect(before.length, rel).toBeGreaterThan(0);
      expect(await fps(JSON.stringify(doc)), rel).toEqual(before);
      const lines = await allFindings((await parse({ content: JSON.stringify(doc) })).sc.report_id);
      expect(lines.every((f) => !f.location?.start_line || f.location.start_line > 5), rel).toBe(true);
    }
    // njsscan has no tool fingerprints: its identity is rule + path + snippet, so editing the snippet is a new finding.
    const doc = JSON.parse(read("sarif/njsscan.sarif"));
    doc.runs[0].results[0].locations[0].physicalLocation.region.snippet.text = "var r = crypto.randomInt(16);";
    const a = (await allFindings((await parseFile("sarif/njsscan.sarif")).report_id)).map((f) => f.fingerprint);
    const b = (await allFindings((await parse({ content: JSON.stringify(doc) })).sc.report_id)).map((f) => f.fingerprint);
    expect(b.filter((fp) => a.includes(fp))).toHaveLength(1);
  });

  it("Trivy and Grype reports of one image: one finding per CVE + package + version, listing both sources", async () => {
    const trivy = JSON.parse(read("trivy/scheme_2_many_vulns.json"));
    const template = JSON.parse(read("grype/check_all_fields.json"));
    const proto = template.matches[0];
    // Grype's report of the same image, in Grype's own shape (a match per vulnerable package: apk, java-archive).
    const matches = trivy.Results.flatMap((r: Json) =>
      (r.Vulnerabilities ?? []).map((v: Json) => {
        const m = structuredClone(proto);
        const maven = String(v.PkgName).includes(":");
        const [group, artifact] = maven ? String(v.PkgName).split(":") : [null, v.PkgName];
        m.vulnerability = { ...m.vulnerability, id: v.VulnerabilityID, severity: v.Severity === "MEDIUM" ? "Medium" : v.Severity === "HIGH" ? "High" : "Low", fix: { versions: v.FixedVersion ? [v.FixedVersion] : [], state: v.FixedVersion ? "fixed" : "not-fixed" } };
        m.relatedVulnerabilities = [];
        m.artifact = { ...m.artifact, name: artifact, version: v.InstalledVersion, type: maven ? "java-archive" : "apk", purl: maven ? `pkg:maven/${group}/${artifact}@${v.InstalledVersion}` : `pkg:apk/alpine/${artifact}@${v.InstalledVersion}`, locations: [{ path: maven ? `/${r.Target}` : "/lib/apk/db/installed" }] };
        return m;
      }),
    );
    const grype = { ...template, matches };
    const store = getObjectStore();
    const { ref: tRef } = await store.put(Buffer.from(JSON.stringify(trivy)));
    const { ref: gRef } = await store.put(Buffer.from(JSON.stringify(grype)));
    // Both files in one report, as two reports of one artifact are.
    const { ingestReport } = await import("./ingest-report");
    const db = await getDb();
    const { newId } = await import("@/lib/ids");
    const reportId = newId("rpt");
    await db.insert(auditlensReports).values({ id: reportId, sourceKind: "object", source: {}, dedupeStrategy: "fingerprint", principal: "tester" });
    const open = (ref: string) => async () => store.openRead(ref) as Readable;
    const r = await ingestReport(db, { reportId, dedupe: "fingerprint", files: [{ path: "trivy.json", ref: tRef, profile: "auto", open: open(tRef) }, { path: "grype.json", ref: gRef, profile: "auto", open: open(gRef) }] });
    expect(r.files.map((f) => [f.format, f.findings])).toEqual([["trivy", 5], ["grype", 5]]);
    const merged = await allFindings(reportId);
    expect(merged).toHaveLength(5);
    for (const f of merged) expect(f.sources.sort(), f.rule_id).toEqual(["grype", "trivy"]);
    expect(merged.map((f) => `${f.vulnerability_ids[0]} ${f.package.name}@${f.package.installed_version}`).sort()).toEqual([
      "CVE-2018-11771 org.apache.commons:commons-compress@1.14", "CVE-2018-1324 org.apache.commons:commons-compress@1.14",
      "CVE-2019-12900 libbz2@1.0.6-r6", "CVE-2020-15999 freetype@2.9.1-r2", "CVE-2020-28196 krb5-libs@1.15.5-r0",
    ]);
  });
});

describe("bad input: a clear error naming the format and where it broke, nothing stored", () => {
  it("truncated JSON, an XML entity-expansion bomb, a binary file with auto", async () => {
    const before = await stored();
    const objects = fs.existsSync(path.join(process.env.OBJECT_STORE_DIR ?? ".data/objects")) ? 0 : 0;
    void objects;
    const sarif = JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ ruleId: "a", message: { text: "m" } }] }] });
    const truncated = await parse({ content: sarif.slice(0, sarif.length - 7) });
    expect(errorCodeOf(truncated)).toBe("VALIDATION_ERROR");
    expect(truncated.content[0]?.text).toMatch(/SARIF/);
    expect(truncated.content[0]?.text).toMatch(/byte|line|end/i);

    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><testsuite name="s" tests="1"><testcase name="&lol3;"><failure>x</failure></testcase></testsuite>`;
    const refused = await parse({ content: bomb });
    expect(errorCodeOf(refused)).toBe("VALIDATION_ERROR");
    expect(refused.content[0]?.text).toMatch(/entit|DOCTYPE/i);

    const { ref: bin } = await getObjectStore().put(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)]));
    const binary = await parse({ object_ref: bin });
    expect(errorCodeOf(binary)).toBe("VALIDATION_ERROR");
    expect(binary.content[0]?.text).toMatch(/binary/);
    expect(await stored()).toEqual(before);
  });

  it("a 50 MB single-line log is read in bounded memory and stored as at most one bounded finding", async () => {
    const before = await stored();
    const store = getObjectStore();
    const line = Buffer.alloc(1024 * 1024, "x");
    async function* big() {
      for (let i = 0; i < 50; i++) yield line;
      yield Buffer.from("\n");
    }
    const { ref } = await store.putStream(Readable.from(big()));
    const heap = process.memoryUsage().heapUsed;
    const r = await parse({ object_ref: ref, parser_profile: "log" });
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect(r.sc.files[0]).toMatchObject({ format: "log", findings: 0 });
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(200 * 1024 * 1024);
    // With auto, text that is no report is read as a log too; garbage is no finding, and a clean report row remains.
    const auto = await parse({ object_ref: ref });
    expect(auto.sc.files[0]).toMatchObject({ format: "log", findings: 0 });
    const after = await stored();
    expect(after.findings).toBe(before.findings);
    await store.delete(ref);
  });
});
