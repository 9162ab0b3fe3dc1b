import { describe, expect, it } from "vitest";
import { corpusFolder, parseAll, parseCorpus, parseError } from "./dependency-finding-testing";
import { parseRetireJs } from "./retirejs";

const files = corpusFolder("retirejs");

const entry = (vulnerabilities: object[], o: object = {}) => ({ file: "static/jquery.js", results: [{ component: "jquery", version: "1.8.1", detection: "filecontent", vulnerabilities, ...o }] });
const vuln = (o: object = {}) => ({ info: ["https://github.com/jquery/jquery/issues/2432"], below: "1.12.0", atOrAbove: "1.4.0", severity: "medium", identifiers: { issue: "2432", summary: "3rd party CORS request may execute", CVE: ["CVE-2015-9251"] }, ...o });

describe.skipIf(files.length === 0)("parseRetireJs on the real corpus (retirejs/)", () => {
  it("has an expectation for every file", () => {
    expect(files).toEqual(["latest.json"]);
  });

  it("latest.json: 6 files, 26 vulnerabilities → 26 findings (also fed 17 bytes at a time)", async () => {
    const whole = await parseCorpus(parseRetireJs, "retirejs", "latest.json");
    expect({ items: whole.stats.itemsRead, findings: whole.findings.length }).toEqual({ items: 26, findings: 26 });
    expect(await parseCorpus(parseRetireJs, "retirejs", "latest.json", 17)).toEqual(whole);
    const byPackage = (name: string, version: string) => whole.findings.filter((f) => f.package?.name === name && f.package.installedVersion === version).length;
    expect([byPackage("handlebars", "3.0.0"), byPackage("jquery", "1.11.2"), byPackage("bootstrap", "3.0.3"), byPackage("jquery", "1.11.1"), byPackage("handlebars", "1.0.0"), byPackage("jquery", "1.8.0")]).toEqual([3, 5, 4, 5, 3, 6]);
  });

  it("latest.json: CVE rule ids, below = fixed version, the first info link, confidence 0.7", async () => {
    const { findings } = await parseCorpus(parseRetireJs, "retirejs", "latest.json");
    const jq = findings.filter((f) => f.package?.installedVersion === "1.11.2");
    expect(jq.map((f) => [f.ruleId, f.package?.fixedVersion, f.severity])).toEqual([
      ["CVE-2015-9251", "1.12.0", "medium"],
      ["CVE-2015-9251", "1.12.0", "medium"],
      ["CVE-2019-11358", "3.4.0", "medium"],
      ["CVE-2020-11022", "3.5.0", "medium"],
      ["CVE-2020-11023", "3.5.0", "medium"],
    ]);
    // Two retire.js entries name the same CVE for the same file and version: one key (merged at ingestion).
    expect(jq[0]!.toolFingerprint).toBe(jq[1]!.toolFingerprint);
    expect(jq[0]).toMatchObject({
      kind: "dependency",
      tool: "retire.js",
      category: "dependency",
      title: "jquery 1.11.2: 3rd party CORS request may execute (CVE-2015-9251)",
      confidence: 0.7,
      suggestedFix: "Upgrade jquery to 1.12.0",
      helpUrl: "https://github.com/jquery/jquery/issues/2432",
      vulnerabilityIds: ["CVE-2015-9251"],
      package: { ecosystem: "npm", path: "/home/damien/dd/.venv/report/scout2-report/inc-jquery/jquery-1.11.2.min.js" },
      location: { path: "/home/damien/dd/.venv/report/scout2-report/inc-jquery/jquery-1.11.2.min.js" },
      toolFingerprint: "dep:CVE-2015-9251|jquery|1.11.2",
      evidence: { detection: "filename", atOrAbove: "1.4.0", below: "1.12.0", issue: "2432" },
    });
  });

  it("latest.json: advisories without ids get a stable rule id per component + range + summary", async () => {
    const { findings } = await parseCorpus(parseRetireJs, "retirejs", "latest.json");
    const hb = (v: string) => findings.filter((f) => f.package?.name === "handlebars" && f.package.installedVersion === v).map((f) => f.ruleId);
    expect(hb("3.0.0")).toEqual(hb("1.0.0"));
    expect(new Set(hb("3.0.0")).size).toBe(3);
    for (const id of hb("3.0.0")) expect(id).toMatch(/^retire:handlebars:[0-9a-f]{12}$/);
    expect(findings.find((f) => f.package?.name === "handlebars")).toMatchObject({ severity: "medium", title: expect.stringMatching(/^handlebars 3\.0\.0: Quoteless attributes in templates can lead to XSS \(retire:handlebars:/), package: { fixedVersion: "4.0.0" } });
  });
});

describe("parseRetireJs on constructed reports", () => {
  it("reads the retire.js < 2 / jsonsimple top-level array, and `[]` as nothing found", async () => {
    const { findings, stats } = await parseAll(parseRetireJs, JSON.stringify([entry([vuln()])]));
    expect({ n: findings.length, items: stats.itemsRead, path: findings[0]?.package?.path }).toEqual({ n: 1, items: 1, path: "static/jquery.js" });
    expect((await parseAll(parseRetireJs, " [ ]")).findings).toEqual([]);
  });

  it("a GHSA-only advisory keys by its GHSA; CWE and high severity are kept", async () => {
    const v = vuln({ severity: "high", cwe: ["CWE-79"], identifiers: { summary: "XSS", githubID: "GHSA-GXR4-XJJ5-5PX2" } });
    const [f] = (await parseAll(parseRetireJs, JSON.stringify({ version: "5.0.0", start: "x", data: [entry([v])], messages: [], errors: [] }))).findings;
    expect(f).toMatchObject({ ruleId: "GHSA-gxr4-xjj5-5px2", severity: "high", cwe: ["CWE-79"], toolFingerprint: "dep:GHSA-GXR4-XJJ5-5PX2|jquery|1.8.1" });
  });

  it("no data but errors: the scan did not run (tool error); an empty clean run is zero findings", async () => {
    const failed = await parseError(parseRetireJs, JSON.stringify({ version: "2.2.4", start: "x", data: [], messages: [], errors: ["Could not download https://raw.githubusercontent.com/RetireJS/retire.js/master/repository/jsrepository.json"] }));
    expect(failed).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "tool_error", format: "retirejs" } });
    expect(failed.message).toMatch(/^retire\.js failed: Could not download/);
    expect((await parseAll(parseRetireJs, JSON.stringify({ version: "2.2.4", start: "x", data: [], messages: [], errors: [], time: 0.1 }))).findings).toEqual([]);
  });

  it("malformed, truncated and wrong-shape reports are VALIDATION_ERRORs", async () => {
    expect(await parseError(parseRetireJs, JSON.stringify({ version: "2", data: [entry([vuln()])] }).slice(0, 60))).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report", format: "retirejs" } });
    for (const wrong of ["{}", '[{"filePath": "a.js", "messages": []}]', '{"data": [{"file": "a.js"}]}']) {
      const e = await parseError(parseRetireJs, wrong);
      expect(e).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "wrong_shape", format: "retirejs" } });
      expect(e.message).toMatch(/not a retire\.js report \(/);
    }
  });
});
