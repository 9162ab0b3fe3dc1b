// Benchmark: parse a large SARIF log with AuditLens's streaming parser (parseSarif from a file stream) and compare with
// the naive way (JSON.parse of the whole file, then a walk of the results). Prints MB/s and peak RSS for each; the
// streaming parser's RSS must stay flat however large the log is. The log is generated on disk result by result
// (realistic CodeQL-like results: rule id and index, message with embedded links, location with region and snippet,
// partialFingerprints, related locations on some), in several runs with their own rules; it is deleted at the end.
// Usage: npx tsx --conditions=react-server --tsconfig tsconfig.json bench/parse-sarif.ts [MB=200]
import fs from "node:fs";
import { once } from "node:events";
import os from "node:os";
import path from "node:path";

const mb = Number(process.argv[2] ?? 200);
const MiB = 1024 * 1024;
const RUNS = 4;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-bench-sarif-"));
const file = path.join(work, `bench-${mb}.sarif`);

const { parseSarif } = await import("@/lib/modules/auditlens/parsers/sarif");

function rules(run: number) {
  return Array.from({ length: 120 }, (_, i) => ({
    id: `lang${run}/rule-${i}`, name: `Rule${i}`, shortDescription: { text: `Short description of rule ${i}` },
    fullDescription: { text: `A longer description of rule ${i}, explaining why the pattern is a problem and what it leads to.` },
    help: { text: `Fix it by validating the input.\nSee the documentation.`, markdown: `# Rule ${i}\n\nFix it by **validating** the input.` },
    helpUri: `https://example.com/rules/${i}`, defaultConfiguration: { level: i % 4 === 0 ? "error" : "warning" },
    properties: { tags: i % 2 === 0 ? ["security", `external/cwe/cwe-${(i % 90) + 10}`] : ["maintainability"], precision: ["high", "medium", "very-high"][i % 3], ...(i % 2 === 0 ? { "security-severity": String((i % 10) + 0.5) } : {}) },
  }));
}

function result(run: number, i: number): string {
  const line = (i % 900) + 1;
  const loc = (n: number) => ({ physicalLocation: { artifactLocation: { uri: `src/pkg-${(i + n) % 613}/module_${(i + n) % 47}.ts`, uriBaseId: "%SRCROOT%", index: (i + n) % 500 }, region: { startLine: line + n, startColumn: 9, endColumn: 57 } }, message: { text: `step ${n}` } });
  return JSON.stringify({
    ruleId: `lang${run}/rule-${i % 120}`, ruleIndex: i % 120,
    message: { text: `This value depends on [a user-provided value](1) and reaches a sensitive sink at line ${line}.` },
    locations: [{ physicalLocation: { artifactLocation: { uri: `src/pkg-${i % 613}/module_${i % 47}.ts`, uriBaseId: "%SRCROOT%", index: i % 500 }, region: { startLine: line, startColumn: 13, endColumn: 61, snippet: { text: `    const query = "SELECT * FROM t WHERE id = " + req.params.id${i % 10};` } }, contextRegion: { startLine: line - 1, endLine: line + 1, snippet: { text: `  function handler${i}(req, res) {\n    const query = "SELECT";\n    db.run(query);` } } } }],
    partialFingerprints: { primaryLocationLineHash: `${((i * 2654435761) % 2 ** 32).toString(16).padStart(8, "0")}deadbeef:${(i % 3) + 1}`, primaryLocationStartColumnFingerprint: String(i % 13) },
    ...(i % 5 === 0 ? { relatedLocations: [loc(1), loc(2), loc(3)] } : {}),
  });
}

/** The log, written to disk piece by piece: `RUNS` runs of about mb / RUNS MB each. */
async function generate(): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  let count = 0;
  await write(`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[`);
  for (let run = 0; run < RUNS; run++) {
    const artifacts = Array.from({ length: 500 }, (_, i) => ({ location: { uri: `src/pkg-${i % 613}/module_${i % 47}.ts`, uriBaseId: "%SRCROOT%" } }));
    await write(`${run > 0 ? "," : ""}{"tool":{"driver":{"name":"CodeQL","semanticVersion":"2.20.0","rules":${JSON.stringify(rules(run))}}},"artifacts":${JSON.stringify(artifacts)},"results":[`);
    for (let bytes = 0, i = 0; bytes < (mb * MiB) / RUNS; i++, count++) {
      const r = (i > 0 ? "," : "") + result(run, i);
      bytes += r.length;
      await write(r);
    }
    await write(`],"columnKind":"utf16CodeUnits"}`);
  }
  await write("]}");
  out.end();
  await once(out, "finish");
  return count;
}

/** Run `fn`, sampling RSS every 20 ms; returns its value, seconds and peak RSS in MiB. */
async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds: (performance.now() - start) / 1000, peakMiB: peak / MiB };
  } finally {
    clearInterval(timer);
  }
}

try {
  const genStart = performance.now();
  const results = await generate();
  const size = fs.statSync(file).size / MiB;
  console.log(`generated ${size.toFixed(1)} MiB, ${RUNS} runs, ${results} results in ${((performance.now() - genStart) / 1000).toFixed(1)} s; baseline RSS ${(process.memoryUsage().rss / MiB).toFixed(0)} MiB`);

  const streamed = await measure(async () => {
    const stats = { itemsRead: 0 };
    let findings = 0;
    for await (const _ of parseSarif({ stream: fs.createReadStream(file), name: path.basename(file) }, stats)) findings++;
    return { findings, read: stats.itemsRead };
  });
  console.log(`parseSarif (stream)   : ${streamed.value.findings} findings (${streamed.value.read} results) in ${streamed.seconds.toFixed(1)} s = ${(size / streamed.seconds).toFixed(1)} MB/s, peak RSS ${streamed.peakMiB.toFixed(0)} MiB`);

  const naive = await measure(async () => {
    const log = JSON.parse(fs.readFileSync(file, "utf8")) as { runs: { results: { ruleId?: string; locations?: unknown[] }[] }[] };
    let walked = 0;
    for (const run of log.runs) for (const r of run.results) if (r.ruleId && r.locations) walked++;
    return walked;
  });
  console.log(`JSON.parse (whole)    : ${naive.value} results in ${naive.seconds.toFixed(1)} s = ${(size / naive.seconds).toFixed(1)} MB/s, peak RSS ${naive.peakMiB.toFixed(0)} MiB (process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
