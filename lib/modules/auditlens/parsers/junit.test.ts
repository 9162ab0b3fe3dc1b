import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { durationMs } from "./junit-testcase";
import { parseJunit } from "./junit";
import type { ParsedFinding, ParseStats } from "./types";

async function parse(xml: string | Buffer, chunk = 1 << 16) {
  const bytes = typeof xml === "string" ? Buffer.from(xml) : xml;
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const stats: ParseStats = { itemsRead: 0 };
  const findings: ParsedFinding[] = [];
  for await (const f of parseJunit({ stream: Readable.from(parts) }, stats)) findings.push(f);
  return { findings, stats };
}

async function refusal(xml: string, chunk?: number) {
  const e = await parse(xml, chunk).then(() => null, (err: unknown) => err);
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return { code: e.code, message: e.message, details: e.details };
}

const SUREFIRE = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd" version="3.0" name="com.acme.CartTest" time="2.1" tests="9" errors="0" skipped="0" failures="0">
  <properties><property name="java.version" value="17.0.9"/></properties>
  <testcase name="addsItem" classname="com.acme.CartTest" time="0.5">
    <flakyFailure message="expected: &lt;2&gt; but was: &lt;1&gt;" type="org.opentest4j.AssertionFailedError">
      <stackTrace><![CDATA[org.opentest4j.AssertionFailedError: expected: <2> but was: <1>
	at com.acme.CartTest.addsItem(CartTest.java:12)]]></stackTrace>
      <system-out>retrying</system-out>
    </flakyFailure>
    <flakyError message="timeout" type="java.util.concurrent.TimeoutException"><stackTrace>...</stackTrace></flakyError>
  </testcase>
  <testcase name="total" classname="com.acme.CartTest" time="1,234.5">
    <failure message="boom" type="java.lang.AssertionError"><![CDATA[java.lang.AssertionError: boom
	at com.acme.CartTest.total(CartTest.java:30)]]></failure>
    <rerunFailure message="boom" type="java.lang.AssertionError"><stackTrace>java.lang.AssertionError: boom</stackTrace></rerunFailure>
    <system-out><![CDATA[cart total computed]]></system-out>
  </testcase>
  <testcase name="empty" classname="com.acme.CartTest"/>
</testsuite>`;

describe("parseJunit: outcomes", () => {
  it("Surefire reruns: passed after flaky runs → one info finding; failed with reruns → high, reruns counted", async () => {
    const { findings, stats } = await parse(SUREFIRE);
    expect(stats).toEqual({ itemsRead: 3, tests: { total: 3, passed: 2, failed: 1, errored: 0, skipped: 0 } });
    expect(findings).toHaveLength(2);
    const [flaky, failed] = findings;
    expect(flaky).toMatchObject({
      kind: "test", tool: "surefire", severity: "info", ruleId: "com.acme.CartTest::addsItem",
      title: "Flaky test: com.acme.CartTest › addsItem (passed after 2 failed runs)",
      test: { status: "passed", name: "addsItem", durationMs: 500 }, evidence: { flaky: true, reruns: 2 }, toolFingerprint: "junit:com.acme.CartTest::addsItem",
    });
    expect(failed).toMatchObject({
      severity: "high", ruleId: "com.acme.CartTest::total",
      test: { status: "failed", message: "boom", stack: "java.lang.AssertionError: boom\n\tat com.acme.CartTest.total(CartTest.java:30)", durationMs: 1234500 },
      evidence: { reruns: 1, failureType: "java.lang.AssertionError" },
    });
  });

  it("counts testcases, not the tests=/failures= attributes", async () => {
    const xml = `<testsuites tests="100" failures="0"><testsuite name="s" tests="50" failures="0" errors="7" skipped="0">
      <testcase name="a"/><testcase name="b"><failure/></testcase><testcase name="c"><error message="x"/></testcase>
      <testcase name="d"><skipped/></testcase><testcase name="e" status="notrun"/></testsuite></testsuites>`;
    const { findings, stats } = await parse(xml);
    expect(stats.tests).toEqual({ total: 5, passed: 1, failed: 1, errored: 1, skipped: 2 });
    expect(findings.map((f) => [f.ruleId, f.title, f.test?.status])).toEqual([
      ["s::b", "Test failed: s › b", "failed"],
      ["s::c", "Test errored: s › c", "error"],
    ]);
  });

  it("the first of <failure>/<error> decides; <system-out> is the stack only when the failure has no text", async () => {
    const xml = `<testsuite name="s"><testcase name="a"><error message="first"/><failure message="second">trace</failure>
      <system-out>out line 1
out line 2</system-out></testcase><testcase name="b"><failure>real trace</failure><system-err>noise</system-err></testcase></testsuite>`;
    const { findings } = await parse(xml);
    expect(findings[0]!.test).toMatchObject({ status: "error", message: "first", stack: "out line 1\nout line 2" });
    expect(findings[1]!.test).toMatchObject({ status: "failed", message: "real trace", stack: "real trace" });
  });

  it("pytest xunit1 line attributes count from 0; go-junit-report recognised by its go.version property", async () => {
    const py = await parse(`<testsuites name="pytest tests"><testsuite name="pytest"><testcase classname="tests.test_a" name="test_x" file="tests/test_a.py" line="9"><failure message="assert 0"/></testcase></testsuite></testsuites>`);
    expect(py.findings[0]).toMatchObject({ tool: "pytest", location: { path: "tests/test_a.py", startLine: 10 } });
    const go = await parse(`<testsuites><testsuite name="github.com/acme/shop" tests="1"><properties><property name="go.version" value="go1.22.1"/></properties><testcase classname="github.com/acme/shop" name="TestCart" time="0.010"><failure message="Failed" type="">cart_test.go:12: got 1</failure></testcase></testsuite></testsuites>`);
    expect(go.findings[0]).toMatchObject({ tool: "go", ruleId: "github.com/acme/shop::TestCart", test: { durationMs: 10, message: "Failed" } });
  });

  it("a file path in classname or suite name becomes the location (backslashes and the runner workspace normalised)", async () => {
    const { findings } = await parse(`<testsuites><testsuite name="D:\\a\\x.test.ts"><testcase classname="/home/runner/work/shop/shop/src/cart.test.ts" name="adds"><failure>at (/home/runner/work/shop/shop/src/cart.test.ts:7:3)</failure></testcase></testsuite></testsuites>`);
    expect(findings[0]!.location).toEqual({ path: "src/cart.test.ts", startLine: 7 });
  });

  it("untrusted text is sanitised and bounded; the stack keeps at most 15 lines", async () => {
    const trace = Array.from({ length: 40 }, (_, i) => `  at frame${i} (a.js:${i}:1)`).join("\n");
    const { findings } = await parse(`<testsuite name="s"><testcase name="ev\u202eil ghp_${"a".repeat(36)}"><failure message="${"m".repeat(5000)}">${trace}</failure></testcase></testsuite>`);
    const f = findings[0]!;
    expect(f.test!.name).toBe("evil [REDACTED:github_token]");
    expect(f.test!.message!.length).toBeLessThanOrEqual(2000);
    expect(f.test!.stack!.split("\n")).toHaveLength(15);
  });

  it("time attributes: seconds with thousands separators or a decimal comma; missing or junk → undefined", () => {
    expect([durationMs("0.002"), durationMs("1,234.5"), durationMs("0,25"), durationMs("12"), durationMs(undefined), durationMs(""), durationMs("n/a"), durationMs("-1")]).toEqual([
      2, 1234500, 250, 12000, undefined, undefined, undefined, undefined,
    ]);
  });

  it("streams: a finding arrives before the rest of the document is written", async () => {
    const input = new PassThrough();
    const stats: ParseStats = { itemsRead: 0 };
    const it = parseJunit({ stream: input }, stats)[Symbol.asyncIterator]();
    input.write(`<testsuites><testsuite name="s"><testcase name="a"><failure message="x"/></testcase>`);
    const first = await it.next();
    expect(first.value).toMatchObject({ ruleId: "s::a" });
    input.end(`<testcase name="b"/></testsuite></testsuites>`);
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(stats.tests?.total).toBe(2);
  });

  it("UTF-16 with a BOM is decoded", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?><testsuite name="s"><testcase name="ä"><failure/></testcase></testsuite>`;
    const { findings } = await parse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, "utf16le")]), 7);
    expect(findings[0]!.ruleId).toBe("s::ä");
  });
});

describe("parseJunit: refusals", () => {
  const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? "" : i};`.repeat(10)}">`).join("\n ")}
]>
<testsuites><testsuite name="&lol9;"><testcase name="&lol9;"><failure>&lol9;</failure></testcase></testsuite></testsuites>`;

  it("refuses a billion-laughs document outright, before any testcase", async () => {
    expect(await refusal(BILLION_LAUGHS, 32)).toEqual({
      code: "VALIDATION_ERROR",
      message: "The JUnit report declares a DOCTYPE; DTDs and entity declarations are refused.",
      details: { reason: "xml_entities_refused", format: "junit" },
    });
  });

  it("refuses external entities and a bare DOCTYPE too", async () => {
    expect((await refusal(`<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuite name="&x;"/>`)).details?.reason).toBe("xml_entities_refused");
    expect((await refusal(`<!DOCTYPE testsuite SYSTEM "junit.dtd"><testsuite/>`)).details?.reason).toBe("xml_entities_refused");
  });

  it("malformed XML: saxes' line and column", async () => {
    const xml = `<testsuites>\n  <testsuite name="s">\n    <testcase name="a">\n  </testsuite>\n</testsuites>`;
    expect(await refusal(xml, 5)).toEqual({
      code: "VALIDATION_ERROR",
      message: "The JUnit report is not valid: unexpected close tag at line 4, column 14.",
      details: { reason: "malformed_report", format: "junit" },
    });
  });

  it("truncated XML: where the input ended", async () => {
    const r = await refusal(`<testsuites>\n<testsuite name="s">\n<testcase name="a"><failure message="x">trace`);
    expect(r.details).toEqual({ reason: "malformed_report", format: "junit" });
    expect(r.message).toMatch(/^The JUnit report is not valid: unclosed tag: failure at line 3, column \d+\.$/);
  });

  it("an undefined entity, a wrong root, empty input", async () => {
    expect((await refusal(`<testsuite name="&nope;"/>`)).message).toBe("The JUnit report is not valid: undefined entity at line 1, column 23.");
    expect((await refusal(`<html><body/></html>`)).message).toBe("The JUnit report is not valid: the root element <html> is not <testsuites> or <testsuite> at line 1, column 6.");
    expect(await refusal("")).toMatchObject({ message: "The JUnit report is not valid: empty input at line 1, column 0.", details: { reason: "malformed_report" } });
    for (const blank of ["  \n\t", "\uFEFF"]) expect((await refusal(blank)).message).toMatch(/^The JUnit report is not valid: empty input at line \d, column \d\.$/);
  });
});
