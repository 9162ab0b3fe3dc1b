import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJunit } from "./junit";
import type { ParsedFinding, ParseStats } from "./types";

// The real JUnit corpus (dorny/test-reporter fixtures: jest-junit, pytest, unittest, PHPUnit, SwiftPM, Nette Tester,
// googletest-style, TestNG), read in place — never copied or edited.
const dir = path.join(process.env.OMNIAUDIT_CORPUS_DIR ?? path.resolve("../shared/corpus"), "findings", "junit");
const present = fs.existsSync(dir);
if (!present) console.warn(`JUnit corpus tests skipped: no corpus at ${dir} (set OMNIAUDIT_CORPUS_DIR)`);

async function parseFile(name: string, highWaterMark?: number) {
  const stats: ParseStats = { itemsRead: 0 };
  const findings: ParsedFinding[] = [];
  for await (const f of parseJunit({ stream: fs.createReadStream(path.join(dir, name), { highWaterMark }), name }, stats)) findings.push(f);
  return { findings, stats };
}

type Expected = { tests: { total: number; passed: number; failed: number; errored: number; skipped: number }; findings: number; tool: string };
const t = (total: number, passed: number, failed: number, errored: number, skipped: number) => ({ total, passed, failed, errored, skipped });

/** Counted from the `<testcase>` elements; comments give the `tests=` attributes where they disagree. */
const EXPECTED: Record<string, Expected> = {
  "TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml": { tests: t(2, 0, 1, 0, 1), findings: 1, tool: "testng" },
  "empty-java-junit.xml": { tests: t(0, 0, 0, 0, 0), findings: 0, tool: "junit" },
  "jest-junit.xml": { tests: t(6, 1, 4, 0, 1), findings: 4, tool: "jest" },
  "jest-test-errors.xml": { tests: t(2, 0, 0, 2, 0), findings: 2, tool: "jest" }, // tests="0" everywhere
  "junit-with-message.xml": { tests: t(1, 0, 1, 0, 0), findings: 1, tool: "googletest" }, // suite tests="6"
  "phpunit.xml": { tests: t(12, 10, 2, 0, 0), findings: 2, tool: "phpunit" },
  "python-xunit-pytest.xml": { tests: t(10, 6, 2, 0, 2), findings: 2, tool: "pytest" }, // tests="15"
  "python-xunit-unittest.xml": { tests: t(8, 4, 1, 1, 2), findings: 2, tool: "unittest" },
  "swift-xunit.xml": { tests: t(3, 2, 1, 0, 0), findings: 1, tool: "xctest" },
  "tester-v1.7-report.xml": { tests: t(65, 61, 1, 0, 3), findings: 1, tool: "nette-tester" }, // errors="1" for a <failure>
};

const files = present ? fs.readdirSync(dir).filter((f) => f.endsWith(".xml")).sort() : [];

describe.skipIf(!present)(`parseJunit on every JUnit file of the corpus (${dir})`, () => {
  it("has an expectation for every corpus file", () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)("%s: counts by outcome, findings, tool — the same in 61-byte chunks", async (name) => {
    const want = EXPECTED[name]!;
    const { findings, stats } = await parseFile(name);
    expect(stats.tests).toEqual(want.tests);
    expect(stats.itemsRead).toBe(want.tests.total);
    expect(findings).toHaveLength(want.findings);
    for (const f of findings) {
      expect(f).toMatchObject({ kind: "test", category: "test", severity: "high", tool: want.tool, confidence: 1 });
      expect(f.toolFingerprint).toBe(`junit:${f.ruleId}`);
      expect(["failed", "error"]).toContain(f.test?.status);
    }
    const small = await parseFile(name, 61);
    expect(small.findings).toEqual(findings);
    expect(small.stats).toEqual(stats);
  });

  it("the tests= attribute is not trusted: pytest says 15 and jest-test-errors 0", async () => {
    const pytestXml = fs.readFileSync(path.join(dir, "python-xunit-pytest.xml"), "utf8");
    expect(pytestXml).toContain('tests="15"');
    expect((await parseFile("python-xunit-pytest.xml")).stats.tests?.total).toBe(10);
    expect(fs.readFileSync(path.join(dir, "jest-test-errors.xml"), "utf8")).toMatch(/<testsuites[^>]* tests="0"/);
    expect((await parseFile("jest-test-errors.xml")).stats.tests?.total).toBe(2);
  });

  it("TestNG (Pulsar): a skipped and a failed run of the same method; message, stack bounded to 15 lines", async () => {
    const [f] = (await parseFile("TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml")).findings;
    expect(f).toMatchObject({
      ruleId: "org.apache.pulsar.AddMissingPatchVersionTest::testVersionStrings",
      title: "Test failed: org.apache.pulsar.AddMissingPatchVersionTest › testVersionStrings",
      test: { suite: "org.apache.pulsar.AddMissingPatchVersionTest", name: "testVersionStrings", status: "failed", message: "expected [1.2.1] but found [1.2.0]", durationMs: 17 },
      evidence: { failureType: "java.lang.AssertionError" },
    });
    expect(f!.test!.stack!.split("\n")).toHaveLength(15);
    expect(f!.test!.stack).toMatch(/^java\.lang\.AssertionError: expected \[1\.2\.1\] but found \[1\.2\.0\]\nat org\.testng\.Assert\.fail/);
    expect(f!.location).toBeUndefined();
  });

  it("jest-junit: suite name is the file; describe path in classname; line from the stack; first line as message", async () => {
    const { findings } = await parseFile("jest-junit.xml");
    expect(findings.map((f) => f.ruleId)).toEqual([
      "Test 1 › Test 1.1::Failing test",
      "Test 1 › Test 1.1::Exception in target unit",
      "Test 2::Exception in test",
      "__tests__\\second.test.js::Timeout test",
    ]);
    expect(findings[0]).toMatchObject({
      title: "Test failed: Test 1 › Test 1.1 › Failing test",
      location: { path: "__tests__/main.test.js", startLine: 10 },
      test: { suite: "Test 1 › Test 1.1", name: "Failing test", message: "Error: expect(received).toBeTruthy()", durationMs: 2, file: "__tests__/main.test.js" },
    });
    expect(findings[0]!.test!.stack).toContain("Received: false\n    at Object.<anonymous> (C:\\Users\\Michal");
    expect(findings[1]!.location).toEqual({ path: "__tests__/main.test.js", startLine: 14 }); // not lib/main.js:2
    expect(findings[3]).toMatchObject({ location: { path: "__tests__/second.test.js", startLine: 1 }, test: { suite: "__tests__\\second.test.js", durationMs: 4 } });
  });

  it("jest suite that failed to run: an error, located by the suite name", async () => {
    const { findings } = await parseFile("jest-test-errors.xml");
    expect(findings[0]).toMatchObject({
      ruleId: "Test suite failed to run::libs/foo.spec.ts",
      title: "Test errored: Test suite failed to run › libs/foo.spec.ts",
      location: { path: "libs/foo.spec.ts" },
      test: { status: "error", message: "● Test suite failed to run", durationMs: 0 },
    });
    expect(findings[0]!.test!.stack).toContain("error TS6258: 'typeRoots' should be set inside the 'compilerOptions'");
  });

  it("pytest xunit2: skip and xfail are skipped; location from the failure text's last `path.py:N:` line", async () => {
    const { findings } = await parseFile("python-xunit-pytest.xml");
    expect(findings.map((f) => [f.ruleId, f.test?.message, f.location])).toEqual([
      ["tests.test_lib::test_always_fail", "assert False", { path: "tests/test_lib.py", startLine: 25 }],
      ["tests.test_lib::test_error", "Exception: error", { path: "tests/test_lib.py", startLine: 32 }],
    ]);
    expect(findings[0]!.test!.stack).toBe("def test_always_fail():\n        > assert False\n        E assert False\n\n        tests/test_lib.py:25: AssertionError");
  });

  it("unittest: file and line attributes; <error> is an error", async () => {
    const { findings } = await parseFile("python-xunit-unittest.xml");
    expect(findings.map((f) => [f.title, f.test?.status, f.location])).toEqual([
      ["Test failed: TestAcme › test_always_fail", "failed", { path: "tests/test_lib.py", startLine: 23 }],
      ["Test errored: TestAcme › test_error", "error", { path: "tests/test_lib.py", startLine: 30 }],
    ]);
    expect(findings[1]!.test!.stack).toMatch(/^Traceback \(most recent call last\):\n.*\n.*\nException: error$/);
  });

  it("PHPUnit: nested suites; file attribute (absolute, as written); line from the trace", async () => {
    const { findings } = await parseFile("phpunit.xml");
    expect(findings[0]).toMatchObject({
      ruleId: "CLI Arguments::targeting-traits-with-coversclass-attribute-is-deprecated.phpt",
      location: { path: "/home/matteo/OSS/phpunit/tests/end-to-end/metadata/targeting-traits-with-coversclass-attribute-is-deprecated.phpt", startLine: 28 },
      test: { suite: "CLI Arguments", durationMs: 68.151, message: "targeting-traits-with-coversclass-attribute-is-deprecated.phptFailed asserting that string matches format description." },
      evidence: { failureType: "PHPUnit\\Framework\\PhptAssertionFailedError" },
    });
    expect(findings[0]!.test!.stack!.split("\n")).toHaveLength(15);
  });

  it("SwiftPM, googletest-style and Nette Tester: message attributes, durations, paths from classnames", async () => {
    const [swift] = (await parseFile("swift-xunit.xml")).findings;
    expect(swift).toMatchObject({ ruleId: "AcmeLibTests.AcmeLibTests::test_always_fail", test: { message: "failed", durationMs: 92.052 } });
    expect(swift!.test!.stack).toBeUndefined();
    const [gtest] = (await parseFile("junit-with-message.xml")).findings;
    expect(gtest).toMatchObject({ ruleId: "Fails::Test", test: { message: "error", stack: "error.cpp:01\n      Expected: true\n      Which is: false >" } });
    const [nette] = (await parseFile("tester-v1.7-report.xml")).findings;
    expect(nette).toMatchObject({
      ruleId: "tests/Runner/Runner.multiple-fails.phpt::tests/Runner/Runner.multiple-fails.phpt",
      title: "Test failed: tests/Runner/Runner.multiple-fails.phpt",
      location: { path: "tests/Runner/Runner.multiple-fails.phpt", startLine: 78 },
    });
    expect(nette!.test!.message).toMatch(/^Failed: '\.\.\. in \/Users\/izso\/Developer\/nette\/tester\/tests\/Runner\/multiple-fails/);
  });
});
