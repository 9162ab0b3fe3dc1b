// Report files inside the `test-results` artifact: what CodeQL (SARIF 2.1.0) and vitest's JUnit reporter write. They
// agree with the failed job's log: one failure, `login > rejects a wrong password` in src/login.test.ts:27.
import { PR_HEAD_SHA } from "./constants";

/** The failing test the long log and the JUnit report agree on. */
export const FAILED_TEST = { file: "src/login.test.ts", name: "login > rejects a wrong password", line: 27, column: 24, message: "expected 200 to be 401 // Object.is equality" };

/** The artifact's README.md. */
export function readme(): string {
  return ["# test-results", "", "Uploaded by the `test` job of the CI workflow.", "", "- `reports/codeql.sarif` — CodeQL JavaScript analysis (SARIF 2.1.0)", "- `reports/junit/results.xml` — vitest JUnit report", ""].join("\n");
}

const rule = (id: string, text: string, level: "error" | "warning", severity: string, cwe: string) => ({
  id,
  name: id,
  shortDescription: { text },
  fullDescription: { text: `${text}.` },
  defaultConfiguration: { enabled: true, level },
  help: { text: `# ${text}\n\nSee the CodeQL query help for ${id}.`, markdown: `# ${text}\n\nSee the CodeQL query help for \`${id}\`.` },
  properties: { tags: ["security", `external/cwe/${cwe}`], kind: "path-problem", precision: "high", "problem.severity": level, "security-severity": severity },
});

const location = (uri: string, startLine: number, startColumn: number, endColumn: number) => ({
  physicalLocation: { artifactLocation: { uri, uriBaseId: "%SRCROOT%", index: 0 }, region: { startLine, startColumn, endColumn } },
});

/** A CodeQL-style SARIF 2.1.0 log with two results and `partialFingerprints`. */
export function sarifReport(): string {
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "CodeQL",
            organization: "GitHub",
            semanticVersion: "2.17.1",
            informationUri: "https://codeql.github.com",
            rules: [
              rule("js/sql-injection", "Database query built from user-controlled sources", "error", "8.8", "cwe-089"),
              rule("js/missing-rate-limiting", "Missing rate limiting", "warning", "7.5", "cwe-770"),
            ],
          },
        },
        artifacts: [{ location: { uri: "src/db/users.ts", uriBaseId: "%SRCROOT%" } }, { location: { uri: "src/api/login.ts", uriBaseId: "%SRCROOT%" } }],
        results: [
          {
            ruleId: "js/sql-injection",
            ruleIndex: 0,
            level: "error",
            message: { text: "This query string depends on a [user-provided value](1)." },
            locations: [location("src/db/users.ts", 42, 18, 61)],
            relatedLocations: [{ id: 1, ...location("src/api/login.ts", 9, 22, 38), message: { text: "user-provided value" } }],
            partialFingerprints: { primaryLocationLineHash: "3f1a9c0e2b7d4a55:1", primaryLocationStartColumnFingerprint: "13" },
          },
          {
            ruleId: "js/missing-rate-limiting",
            ruleIndex: 1,
            level: "warning",
            message: { text: "This route handler performs [authorization](1), but is not rate-limited." },
            locations: [location("src/api/login.ts", 12, 1, 45)],
            partialFingerprints: { primaryLocationLineHash: "9b04d152c7e8aa31:1", primaryLocationStartColumnFingerprint: "0" },
          },
        ],
        automationDetails: { id: "/language:javascript-typescript/" },
        versionControlProvenance: [{ repositoryUri: "https://github.com/acme/web", revisionId: PR_HEAD_SHA, branch: "refs/pull/42/merge" }],
        columnKind: "utf16CodeUnits",
        properties: { semmle: { formatSpecifier: "sarif-latest" } },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A vitest JUnit report: 2 suites, 7 test cases, 1 failure, 1 skipped. */
export function junitXml(): string {
  const ok = (cls: string, name: string, time: string) => `        <testcase classname="${cls}" name="${esc(name)}" time="${time}">\n        </testcase>`;
  const f = FAILED_TEST;
  const trace = [`AssertionError: ${f.message}`, "", "- Expected", "+ Received", "", "- 401", "+ 200", "", ` ❯ ${f.file}:${f.line}:${f.column}`].join("\n");
  return [
    `<?xml version="1.0" encoding="UTF-8" ?>`,
    `<testsuites name="vitest tests" tests="7" failures="1" errors="0" time="1.912">`,
    `    <testsuite name="${f.file}" timestamp="2024-05-02T09:14:31.512Z" hostname="fv-az1272-211" tests="4" failures="1" errors="0" skipped="0" time="0.121">`,
    ok(f.file, "login > accepts the right password", "0.012"),
    `        <testcase classname="${f.file}" name="${esc(f.name)}" time="0.015">`,
    `            <failure message="${esc(f.message)}" type="AssertionError">`,
    esc(trace),
    `            </failure>`,
    `        </testcase>`,
    ok(f.file, "login > locks the account after 5 failures", "0.041"),
    ok(f.file, "login > keeps the session cookie httpOnly", "0.008"),
    `    </testsuite>`,
    `    <testsuite name="src/cart.test.ts" timestamp="2024-05-02T09:14:31.640Z" hostname="fv-az1272-211" tests="3" failures="0" errors="0" skipped="1" time="0.034">`,
    ok("src/cart.test.ts", "cart > adds an item", "0.004"),
    ok("src/cart.test.ts", "cart > sums the total", "0.003"),
    `        <testcase classname="src/cart.test.ts" name="cart &gt; applies a coupon" time="0">`,
    `            <skipped/>`,
    `        </testcase>`,
    `    </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
