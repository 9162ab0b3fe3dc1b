import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect-format";

const b = (s: string) => Buffer.from(s);
const j = (v: unknown) => b(JSON.stringify(v, null, 2));

// Shapes for formats the corpus lacks, written from each tool's documented output.
describe("detectFormat: report shapes", () => {
  it.each([
    ["sarif by $schema alone", j({ $schema: "https://json.schemastore.org/sarif-2.1.0.json", runs: [] }), "sarif"],
    ["cyclonedx json", j({ bomFormat: "CycloneDX", specVersion: "1.5", components: [] }), "cyclonedx"],
    ["cyclonedx json, $schema first", j({ $schema: "http://cyclonedx.org/schema/bom-1.5.schema.json", bomFormat: "CycloneDX" }), "cyclonedx"],
    ["spdx 2.3 json", j({ SPDXID: "SPDXRef-DOCUMENT", spdxVersion: "SPDX-2.3", name: "x", packages: [] }), "spdx"],
    ["spdx 3 json-ld", j({ "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": [] }), "spdx"],
    ["spdx tag-value", b("## comment\nSPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"), "spdx"],
    ["trivy before schema 2 (array of results)", j([{ Target: "alpine:3.10", Type: "alpine", Vulnerabilities: null }]), "trivy"],
    ["retire.js < 2 (array of files)", j([{ file: "/app/jquery.js", results: [{ component: "jquery", version: "1.8.1" }] }]), "retirejs"],
    ["retire.js 2+, nothing found", j({ version: "4.0.0", start: "2024-01-01T00:00:00Z", data: [], messages: [], errors: [], time: 0.5 }), "retirejs"],
    ["bandit with absolute paths sorting before _totals", j({ errors: [], generated_at: "x", metrics: { "/src/a.py": { "CONFIDENCE.HIGH": 0, loc: 1, nosec: 0 } } }), "bandit"],
    ["semgrep with paths", j({ version: "1.50.0", results: [], errors: [], paths: { scanned: [] } }), "semgrep"],
    ["gitleaks 8 (RuleID last, cut before it)", b('[{"Description":"AWS","StartLine":2,"EndLine":2,"Match":"AKIA","Secret":"AKIA'), "gitleaks"],
    ["npm 6 error ENOAUDIT", j({ error: { code: "ENOAUDIT", summary: "no audit" } }), "npm_audit"],
    ["npm 6 cut inside actions", b('{"actions":[{"action":"install","module":"express","target":"4.16.3","resolves":[{"id":5'), "npm_audit"],
    ["yarn berry 2/3: the npm 6 shape without runId", j({ actions: [], advisories: {}, muted: [], metadata: { vulnerabilities: {} } }), "yarn_audit"],
    ["npm 6 with runId", j({ actions: [], advisories: {}, muted: [], metadata: {}, runId: "abc" }), "npm_audit"],
    ["yarn berry 2/3 followed by its report line", b('{"actions":[],"advisories":{},"muted":[],"metadata":{},"runId":"x"}\n{"type":"info","name":null,"displayName":"YN0001","indent":"","data":"No audit suggestions"}\n'), "yarn_audit"],
    ["yarn 4 tree line", b('{"value":"lodash","children":{"ID":1,"Issue":"Prototype Pollution","Severity":"high"}}\n'), "yarn_audit"],
    ["yarn 1 cut inside the first advisory line", b('{"type":"auditAdvisory","data":{"resolution":{"id":1179,"pa'), "yarn_audit"],
    ["grype cut inside the first match", b('{"matches":[{"vulnerability":{"id":"CVE-1","dataSource":"https://x","namespace":"debian:10","sev'), "grype"],
  ])("%s", (_label, head, want) => {
    expect(detectFormat(head, "unnamed")).toBe(want);
  });
});

describe("detectFormat: XML roots", () => {
  it.each([
    ["junit after BOM, declaration, comments and a doctype", '\ufeff<?xml version="1.0"?>\n<!-- by surefire -->\n<!DOCTYPE x [<!ENTITY a "b">]>\n<testsuite name="a"/>', "junit"],
    ["checkstyle", '<?xml version="1.0" encoding="UTF-8"?><checkstyle version="10.0"><file name="A.java"/></checkstyle>', "checkstyle"],
    ["cyclonedx xml", '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"><components/></bom>', "cyclonedx"],
    ["a bom from elsewhere is plain xml", '<bom xmlns="urn:example"/>', "xml"],
    ["spdx rdf/xml", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:spdx="http://spdx.org/rdf/terms#"><spdx:SpdxDocument/></rdf:RDF>', "spdx"],
    ["testng native results are not junit", '<?xml version="1.0"?><testng-results skipped="0"/>', "xml"],
    ["a head that ends inside the prolog", '<?xml version="1.0"?>\n<!-- a very long comment that never ends', "xml"],
    ["html is text", "<!DOCTYPE html><html><script>alert(1)</script></html>", "text"],
  ])("%s", (_label, text, want) => {
    expect(detectFormat(b(text))).toBe(want);
  });
});

describe("detectFormat: json, text and binary", () => {
  it("calls JSON of no known shape json, also scalars and cut documents", () => {
    expect(detectFormat(j({ hello: "world" }))).toBe("json");
    expect(detectFormat(b("null\n"))).toBe("json");
    expect(detectFormat(b("[]"))).toBe("json");
    expect(detectFormat(b('{"hello": "wor'))).toBe("json");
  });

  it("uses the name only to settle json-looking text that is not one JSON document", () => {
    expect(detectFormat(b("{ not: json }"), "config.json")).toBe("json");
    expect(detectFormat(b("{ not: json }"), "notes.txt")).toBe("text");
    expect(detectFormat(b('{"a":1}\n{"b":2}\n'), "events.ndjson")).toBe("json");
    expect(detectFormat(b('{"a":1}\n{"b":2}\n'), "events.log")).toBe("text");
    expect(detectFormat(b("[section]\nkey = value\n"), "setup.cfg")).toBe("text");
    // The name never picks a report format: SARIF content wins over a .xml name, and vice versa.
    expect(detectFormat(j({ version: "2.1.0", runs: [] }), "report.xml")).toBe("sarif");
    expect(detectFormat(b("<testsuites/>"), "results.sarif")).toBe("junit");
  });

  it("reads text, including empty input, ANSI colours and a UTF-8 character cut by the end of the head", () => {
    expect(detectFormat(b(""))).toBe("text");
    expect(detectFormat(b("2024-01-01 12:00:00 \u001b[32mPASS\u001b[0m all good\n"))).toBe("text");
    const cut = b("résumé ✓").subarray(0, -1);
    expect(detectFormat(cut)).toBe("text");
  });

  it("reads UTF-16 with a BOM (PowerShell redirection) as text", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"SchemaVersion": 2, "Results": []}', "utf16le")]);
    expect(detectFormat(utf16)).toBe("trivy");
  });

  it("calls NUL bytes and invalid UTF-8 binary", () => {
    expect(detectFormat(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]))).toBe("binary");
    expect(detectFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBe("binary");
    expect(detectFormat(b('{"a": "\u0000"}'))).toBe("binary");
    expect(detectFormat(Buffer.from([0x61, 0xc3, 0x28, 0x62]))).toBe("binary");
  });
});
