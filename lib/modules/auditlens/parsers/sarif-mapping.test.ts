// The SARIF field mapping on small hand-written logs: rules in extensions, message strings, severity and confidence
// tables, suppressions, paths, fingerprints, CWE taxa, container-scanner CVEs, run order and evidence bounds.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseSarif } from "./sarif";
import type { ParsedFinding, ParseStats } from "./types";

type Obj = Record<string, unknown>;

async function parse(log: Obj): Promise<{ findings: ParsedFinding[]; stats: ParseStats }> {
  const stats: ParseStats = { itemsRead: 0 };
  const findings: ParsedFinding[] = [];
  for await (const f of parseSarif({ stream: Readable.from([Buffer.from(JSON.stringify(log))]) }, stats)) findings.push(f);
  return { findings, stats };
}

const run1 = (results: unknown[], rules: Obj[] = [], extra: Obj = {}) => ({ version: "2.1.0", runs: [{ tool: { driver: { name: "Scanner", rules } }, ...extra, results }] });
const loc = (uri: string, extra: Obj = {}) => ({ physicalLocation: { artifactLocation: { uri, ...extra }, region: { startLine: 3 } } });
const one = async (result: Obj, rules: Obj[] = [], extra: Obj = {}) => (await parse(run1([result], rules, extra))).findings[0];

describe("SARIF mapping", () => {
  it("resolves message strings with arguments, rules in extensions, uriBaseId chains, fixes and rank", async () => {
    const log = {
      version: "2.1.0",
      runs: [{
        tool: {
          driver: { name: "CodeScanner", globalMessageStrings: { declared: { text: "Declared here." } }, rules: [{ id: "C2001", fullDescription: { text: "Use before init." }, messageStrings: { default: { text: "Variable \"{0}\" was used without being initialized.\nIt was declared [here]({1}). {{ok}}" } }, defaultConfiguration: { level: "error", rank: 95 } }] },
          extensions: [{ name: "Security Rules", rules: [{ id: "S0001", defaultConfiguration: { level: "error" }, properties: { tags: ["security"] }, messageStrings: { default: { text: "The cryptographic algorithm '{0}' should not be used." } } }] }],
        },
        originalUriBaseIds: { PROJECTROOT: { uri: "file://build.example.com/work/" }, SRCROOT: { uri: " src/", uriBaseId: "PROJECTROOT" } },
        results: [
          { ruleId: "C2001", ruleIndex: 0, message: { id: "default", arguments: ["ptr", "0"] }, locations: [loc("collections/list.h", { uriBaseId: "SRCROOT" })], fixes: [{ description: { text: "Initialize the variable to null" } }] },
          { rule: { id: "S0001", index: 0, toolComponent: { index: 0 } }, message: { id: "default", arguments: ["MD5"] } },
          { ruleId: "C2001/uninit", message: { id: "declared" } },
        ],
      }],
    };
    const [a, b, c] = (await parse(log)).findings;
    expect(a).toMatchObject({
      tool: "codescanner", ruleId: "C2001", severity: "high", confidence: 0.95, description: "Use before init.", suggestedFix: "Initialize the variable to null",
      title: "Variable \"ptr\" was used without being initialized. It was declared here. {ok}", location: { path: "src/collections/list.h", startLine: 3 },
    });
    expect(b).toMatchObject({ ruleId: "S0001", severity: "high", category: "security", title: "The cryptographic algorithm 'MD5' should not be used." });
    expect(c).toMatchObject({ ruleId: "C2001/uninit", title: "Declared here.", description: "Use before init." }); // hierarchical id → its parent rule
  });

  it("maps severity: kind first, then security-severity, then level (result, rule default, warning)", async () => {
    const rules = [{ id: "r", defaultConfiguration: { level: "note" } }, { id: "s", properties: { "security-severity": "9.0" } }];
    const cases: [Obj, string][] = [
      [{ ruleId: "x", properties: { "security-severity": "9.0" } }, "critical"], [{ ruleId: "x", properties: { "security-severity": 7 } }, "high"],
      [{ ruleId: "x", properties: { "security-severity": "4.0" } }, "medium"], [{ ruleId: "x", properties: { "security-severity": "0.1" } }, "low"],
      [{ ruleId: "x", properties: { "security-severity": "0.0" } }, "info"], [{ ruleId: "s" }, "critical"],
      [{ ruleId: "x", level: "error" }, "high"], [{ ruleId: "x", level: "warning" }, "medium"], [{ ruleId: "x", level: "note" }, "low"],
      [{ ruleId: "x", level: "none" }, "info"], [{ ruleId: "x" }, "medium"], [{ ruleId: "r" }, "low"], [{ ruleId: "r", level: "error" }, "high"],
      [{ ruleId: "s", kind: "pass" }, "info"], [{ ruleId: "x", kind: "open", level: "error" }, "info"], [{ ruleId: "x", kind: "review" }, "info"],
      [{ ruleId: "x", kind: "notApplicable" }, "info"], [{ ruleId: "x", kind: "informational" }, "info"], [{ ruleId: "x", kind: "fail", level: "error" }, "high"],
    ];
    const { findings } = await parse(run1(cases.map(([r]) => ({ message: { text: "m" }, ...r })), rules));
    expect(findings.map((f) => f.severity)).toEqual(cases.map(([, s]) => s));
    expect(findings[5]?.category).toBe("security"); // a security-severity makes it a security finding
    expect(findings[6]?.category).toBe("quality");
  });

  it("maps confidence: rule precision, else rank, else 0.8", async () => {
    const rules = ["very-high", "high", "medium", "low"].map((p) => ({ id: p, properties: { precision: p } }));
    const results = [...rules.map((r) => ({ ruleId: r.id, rank: 10 })), { ruleId: "x", rank: 42 }, { ruleId: "x", rank: -1 }, { ruleId: "x", rank: 0.6 }, { ruleId: "x" }];
    const { findings } = await parse(run1(results, rules));
    expect(findings.map((f) => f.confidence)).toEqual([0.95, 0.9, 0.7, 0.5, 0.42, 0.8, 0.6, 0.8]);
  });

  it("skips suppressed (accepted or no status) and absent results, counting them as read", async () => {
    const results = [
      { ruleId: "a", suppressions: [{ kind: "inSource" }] }, { ruleId: "b", suppressions: [{ kind: "external", status: "accepted" }] },
      { ruleId: "c", suppressions: [{ kind: "external", status: "underReview" }] }, { ruleId: "d", suppressions: [{ kind: "external", status: "rejected" }] },
      { ruleId: "e", suppressions: [] }, { ruleId: "f", baselineState: "absent" }, { ruleId: "g", baselineState: "unchanged" }, 42,
    ];
    const { findings, stats } = await parse(run1(results));
    expect(findings.map((f) => f.ruleId)).toEqual(["c", "d", "e", "g"]);
    expect(stats.itemsRead).toBe(8);
    expect(findings[3]).toMatchObject({ title: "g", evidence: { baselineState: "unchanged" } }); // no message, no rule → the rule id
  });

  it("normalises paths: workspace prefixes, percent-encoding, base ids, artifact indexes, working directories", async () => {
    const results = [
      loc("src/a%20b.js", { uriBaseId: "SRCROOT" }), loc("file:///github/workspace/lib/x.ts"), loc("web/app.js", { uriBaseId: "%SRCROOT%" }),
      loc("file:///opt/build/x.c"), { physicalLocation: { artifactLocation: { index: 1 } } }, loc("./lib//y.js"), loc("file:///srv/ci/checkout/pkg/z.go"),
      loc("src\\win\\a.cs"), loc("https://example.com/app.js"),
    ].map((l) => ({ ruleId: "r", locations: [l] }));
    const { findings } = await parse(run1(results, [], {
      originalUriBaseIds: { SRCROOT: { uri: "file:///home/runner/work/repo/repo/" } },
      artifacts: [{ location: { uri: "a.txt" } }, { location: { uri: "deep/b.txt", uriBaseId: "SRCROOT" }, contents: { text: "x".repeat(1000) } }],
      invocations: [{ workingDirectory: { uri: "file:///srv/ci/checkout/" } }],
    }));
    expect(findings.map((f) => f.location?.path)).toEqual(["src/a b.js", "lib/x.ts", "web/app.js", "/opt/build/x.c", "deep/b.txt", "lib/y.js", "pkg/z.go", "src/win/a.cs", "https://example.com/app.js"]);
  });

  it("takes toolFingerprint from fingerprints (first key), else sorted partialFingerprints", async () => {
    const { findings } = await parse(run1([
      { ruleId: "r", fingerprints: { "z/v1": "zz", "b/v1": "bb" }, partialFingerprints: { a: "1" } },
      { ruleId: "r", partialFingerprints: { primaryLocationStartColumnFingerprint: "4", primaryLocationLineHash: "abc:1" } },
      { ruleId: "r" },
    ]));
    expect(findings.map((f) => f.toolFingerprint)).toEqual(["b/v1:bb", "primaryLocationLineHash:abc:1|primaryLocationStartColumnFingerprint:4", undefined]);
  });

  it("reads CWE ids from tags, properties, rule relationships and result taxa", async () => {
    const rules = [{ id: "r", properties: { tags: ["external/cwe/cwe-079", "CWE-22: Path Traversal"] }, relationships: [{ target: { id: "352", toolComponent: { name: "CWE" } } }, { target: { id: "A01", toolComponent: { name: "OWASP" } } }] }];
    const result = { ruleId: "r", taxa: [{ id: "CWE-89", toolComponent: { index: 1 } }, { id: "611", toolComponent: { guid: "AB-CD" } }], properties: { cwe: "CWE-798: Hard-coded" } };
    const f = await one(result, rules, { taxonomies: [{ name: "OWASP" }, { name: "CWE", taxa: [{ id: "89" }] }] });
    expect(f?.cwe).toEqual(["CWE-79", "CWE-22", "CWE-798", "CWE-352", "CWE-89"]);
    // taxonomies are written after the results by SARIF SDK writers: the driver's supportedTaxonomies name them first
    const late = { runs: [{ tool: { driver: { name: "T", rules, supportedTaxonomies: [{ name: "CWE", index: 1, guid: "ab-cd" }] } }, results: [result], taxonomies: [{ name: "OWASP" }, { name: "CWE" }] }] };
    expect((await parse(late)).findings[0]?.cwe).toEqual(["CWE-79", "CWE-22", "CWE-798", "CWE-352", "CWE-89", "CWE-611"]);
  });

  it("turns a Trivy-style CVE result into a dependency finding with the cross-tool key", async () => {
    const rules = [{ id: "CVE-2021-44228", shortDescription: { text: "log4j: Remote code execution" }, help: { text: "Vulnerability CVE-2021-44228\nSeverity: CRITICAL\nPackage: org.apache.logging.log4j:log4j-core\nFixed Version: 2.15.0\nLink: [CVE-2021-44228](https://avd.aquasec.com/nvd/cve-2021-44228)" }, properties: { tags: ["vulnerability", "security", "CRITICAL"], "security-severity": "10.0" } }];
    const f = await one({ ruleId: "CVE-2021-44228", ruleIndex: 0, level: "error", message: { text: "Package: org.apache.logging.log4j:log4j-core\nInstalled Version: 2.14.1\nVulnerability CVE-2021-44228" }, locations: [loc("app/pom.xml")] }, rules);
    expect(f).toMatchObject({
      kind: "dependency", category: "dependency", severity: "critical", vulnerabilityIds: ["CVE-2021-44228"], suggestedFix: "Upgrade org.apache.logging.log4j:log4j-core to 2.15.0.",
      package: { name: "org.apache.logging.log4j:log4j-core", installedVersion: "2.14.1", fixedVersion: "2.15.0", path: "app/pom.xml" },
      toolFingerprint: "dep:CVE-2021-44228|org.apache.logging.log4j:log4j-core|2.14.1",
    });
    const noPackage = await one({ ruleId: "CVE-2020-1234", message: { text: "Something in the code." } });
    expect(noPackage).toMatchObject({ kind: "code", vulnerabilityIds: ["CVE-2020-1234"] });
  });

  it("strips Markdown-only messages and reads the rule's help as the suggested fix", async () => {
    const rules = [{ id: "r", shortDescription: { text: "Short" }, fullDescription: { text: "Full." }, help: { text: "Use parameterised queries.\nSee the docs.\n\nLong explanation." }, helpUri: "https://example.com/r" }];
    const f = await one({ ruleId: "r", message: { markdown: "**Bad** `query` built from [input](https://x)" } }, rules);
    expect(f).toMatchObject({ title: "Bad query built from input", description: "Full.", suggestedFix: "Use parameterised queries.\nSee the docs.", helpUrl: "https://example.com/r" });
    expect((await one({ ruleId: "r" }, rules))?.title).toBe("Short");
  });

  it("bounds evidence: at most 20 other and related locations, with their totals", async () => {
    const many = Array.from({ length: 50 }, (_, i) => loc(`f${i}.js`));
    const f = await one({ ruleId: "r", locations: many, relatedLocations: many.map((l, i) => ({ ...l, message: { text: `step ${i}` } })) });
    expect(f?.location?.path).toBe("f0.js");
    expect(f?.evidence).toMatchObject({ otherLocationCount: 49, relatedLocationCount: 50 });
    expect(f?.evidence?.otherLocations).toHaveLength(20);
    expect((f?.evidence?.relatedLocations as Obj[])[1]).toEqual({ path: "f1.js", startLine: 3, message: "step 1" });
  });

  it("reads each run with its own tool, and results written before their tool", async () => {
    const log = {
      runs: [
        { results: [{ ruleIndex: 0, message: { text: "early" } }], tool: { driver: { name: "Late", rules: [{ id: "L1", fullDescription: { text: "Late rule." } }] } } },
        { tool: { driver: { name: "Second" } }, results: [{ ruleId: "S1", message: { text: "m" } }] },
      ],
    };
    const { findings } = await parse(log);
    expect(findings.map((f) => [f.tool, f.ruleId, f.description, f.evidence?.run])).toEqual([["late", "L1", "Late rule.", undefined], ["second", "S1", undefined, 1]]);
  });

  it("reports results without rule metadata once more than 1,000 arrive before the tool", async () => {
    const results = Array.from({ length: 1001 }, (_, i) => ({ ruleId: "R", message: { text: `m${i}` } }));
    const { findings } = await parse({ runs: [{ results, tool: { driver: { name: "Slow", rules: [{ id: "R", fullDescription: { text: "Rule." } }] } } }] });
    expect(findings).toHaveLength(1001);
    expect(findings[0]).toMatchObject({ tool: "unknown", ruleId: "R" });
    expect(findings[0]?.description).toBeUndefined();
  });
});
