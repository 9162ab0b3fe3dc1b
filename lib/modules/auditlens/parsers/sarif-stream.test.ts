// The SARIF parser streams: a ~60 MB log with bounded heap, findings before the input ends, and malformed input
// refused with the VALIDATION_ERROR of json-input.
import fs from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { parseSarif } from "./sarif";
import type { ParsedFinding, ParseStats } from "./types";

const RULES = Array.from({ length: 50 }, (_, i) => ({ id: `js/rule-${i}`, shortDescription: { text: `Rule ${i}` }, properties: { tags: ["security", `external/cwe/cwe-${i + 1}`], precision: "high" } }));

function result(i: number): string {
  return JSON.stringify({
    ruleId: `js/rule-${i % 50}`, ruleIndex: i % 50, level: i % 3 === 0 ? "error" : "warning",
    message: { text: `Value flows from [a user-provided value](1) into a sink at step ${i}; this message is long enough to look like CodeQL's own wording.` },
    locations: [{ physicalLocation: { artifactLocation: { uri: `src/module-${i % 997}/file-${i % 31}.js`, uriBaseId: "%SRCROOT%" }, region: { startLine: (i % 400) + 1, startColumn: 5, endColumn: 42, snippet: { text: `  const value${i} = request.query.input + otherValue;` } } } }],
    partialFingerprints: { primaryLocationLineHash: `${(i * 2654435761 % 2 ** 32).toString(16)}:1` },
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-sarif-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Write a SARIF log of about `mb` MB to disk, result by result (never one string). Returns its path and result count. */
async function writeLog(mb: number): Promise<{ file: string; results: number }> {
  const file = path.join(tmp, `big-${mb}.sarif`);
  const out = fs.createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  await write(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL","rules":${JSON.stringify(RULES)}}},"results":[`);
  let results = 0;
  for (let bytes = 0; bytes < mb * 1024 * 1024; results++) {
    const r = (results > 0 ? "," : "") + result(results);
    bytes += r.length;
    await write(r);
  }
  await write("]}]}");
  out.end();
  await once(out, "finish");
  return { file, results };
}

async function collect(stream: Readable): Promise<{ findings: ParsedFinding[]; stats: ParseStats }> {
  const stats: ParseStats = { itemsRead: 0 };
  const findings: ParsedFinding[] = [];
  for await (const f of parseSarif({ stream }, stats)) findings.push(f);
  return { findings, stats };
}

async function refusal(text: string): Promise<unknown> {
  try {
    await collect(Readable.from([Buffer.from(text)]));
  } catch (e) {
    return e;
  }
  throw new Error("expected a VALIDATION_ERROR");
}

describe("SARIF streaming", () => {
  it("parses a ~60 MB log with the heap bounded", async () => {
    const { file, results } = await writeLog(60);
    expect(fs.statSync(file).size).toBeGreaterThan(60 * 1024 * 1024);
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    const stats: ParseStats = { itemsRead: 0 };
    for await (const f of parseSarif({ stream: fs.createReadStream(file) }, stats)) {
      if (++count % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (count === 1) expect(f).toMatchObject({ tool: "codeql", ruleId: "js/rule-0", severity: "high", category: "security", cwe: ["CWE-1"], location: { path: "src/module-0/file-0.js", startLine: 1 } });
    }
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(count).toBe(results);
    expect(stats.itemsRead).toBe(results);
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  }, 240_000);

  it("yields the first finding before the input ends", async () => {
    let firstSeen!: () => void;
    const seen = new Promise<void>((resolve) => (firstSeen = resolve));
    let yieldedBeforeEnd = false;
    let ended = false;
    const stream = Readable.from((async function* () {
      yield Buffer.from(`{"runs":[{"tool":{"driver":{"name":"Slow"}},"results":[${result(0)},`);
      await Promise.race([seen, sleep(10_000)]);
      for (let i = 1; i < 5; i++) {
        await sleep(20);
        yield Buffer.from(`${result(i)}${i < 4 ? "," : ""}`);
      }
      ended = true;
      yield Buffer.from("]}]}");
    })());
    const findings: ParsedFinding[] = [];
    for await (const f of parseSarif({ stream }, { itemsRead: 0 })) {
      if (findings.push(f) === 1) {
        yieldedBeforeEnd = !ended;
        firstSeen();
      }
    }
    expect(yieldedBeforeEnd).toBe(true);
    expect(findings).toHaveLength(5);
  });

  it("accepts an empty runs array (and runs: null, a tool that did not start) as zero findings", async () => {
    expect((await collect(Readable.from([Buffer.from('{"version":"2.1.0","runs":[]}')]))).findings).toEqual([]);
    expect((await collect(Readable.from([Buffer.from('{"$schema":"https://json.schemastore.org/sarif-2.1.0-rtm.5.json","runs":null}')]))).findings).toEqual([]);
  });

  it.each([
    ["truncated", '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"a"', /malformed or truncated JSON at or before byte \d+/],
    ["empty", "", /malformed or truncated JSON/],
    ["not JSON", "<xml/>", /malformed or truncated JSON/],
    ["a top-level array", "[1,2,3]", /not a SARIF log \(no runs array\)/],
    ["no runs", '{"version":"2.1.0","results":[]}', /not a SARIF log \(no runs array\)/],
    ["runs as an object", '{"version":"2.1.0","runs":{"tool":{}}}', /not a SARIF log \(no runs array\)/],
    ["runs nested elsewhere", '{"log":{"runs":[]}}', /not a SARIF log \(no runs array\)/],
  ])("refuses %s input with VALIDATION_ERROR malformed_report", async (_name, text, message) => {
    const e = await refusal(text);
    expect(isAppError(e)).toBe(true);
    expect(e).toMatchObject({ code: "VALIDATION_ERROR", details: { reason: "malformed_report", format: "SARIF" } });
    expect((e as Error).message).toMatch(/^The SARIF report is not valid: /);
    expect((e as Error).message).toMatch(message);
  });
});
