// `node scripts/conformance.mjs <mcp-url>`: the official MCP conformance suite (@modelcontextprotocol/conformance)
// against a running server, once per protocol era — `--requirements 2025-11-25` (stateful initialize handshake) and
// `--requirements 2026-07-28` (stateless, per-request `_meta`) — with e2e/conformance/expected-failures.yml as the
// baseline of checks that need the SDK's own fixture tools/resources/prompts. Prints per requirement set: scenarios
// required, passed, failed as expected (fixture-only), unexpected failures (check ids and messages), stale baseline
// entries and the not-scored results (tasks extension, pending, added-after-release); writes the totals to
// test-results/conformance/summary.json and each set's checks under test-results/conformance/<revision>/.
// Exits 1 on any unexpected failure, stale entry, unknown baseline scenario or runner error. See docs/conformance.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { Checks, collapseChecks, evaluateSet, parseBaseline, Requirements } from "./conformance-baseline.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REVISIONS = ["2025-11-25", "2026-07-28"];
const BASELINE = path.join(root, "e2e", "conformance", "expected-failures.yml");
const OUT = path.join(root, "test-results", "conformance");
const RUN_TIMEOUT_MS = 10 * 60_000;

/** `@modelcontextprotocol/conformance`'s directory (its CLI is `dist/index.js`, its requirement sets `requirements/`). */
function suiteDir() {
  const pkg = createRequire(path.join(root, "package.json")).resolve("@modelcontextprotocol/conformance/package.json");
  return path.dirname(pkg);
}

/**
 * The command that runs a Node ≥ 22 script: this Node when it is new enough, else Node 22 from the npm `node` package
 * through npx (the suite needs Node 22; the e2e Inspector test does the same).
 * @returns `[command, leadingArgs]`.
 */
function node22() {
  return Number(process.versions.node.split(".")[0]) >= 22 ? [process.execPath, []] : ["npx", ["-y", "-p", "node@22", "node"]];
}

/** Run a command with its output teed to `logFile`; resolves to its exit code (null on timeout or signal). */
function runLogged(cmd, args, logFile) {
  return new Promise((resolve) => {
    const log = fs.createWriteStream(logFile);
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("error", (e) => log.write(`\nspawn error: ${e.message}\n`));
    child.on("close", (code) => {
      clearTimeout(timer);
      log.end(() => resolve(code));
    });
  });
}

/**
 * Each scenario's checks from a run's output directory (`server-<scenario>-<ISO timestamp>/checks.json`), with repeated
 * check ids collapsed to their most severe occurrence (FAILURE > WARNING > SUCCESS > SKIPPED; INFO kept), as the
 * suite's baseline evaluation does.
 */
function readResults(dir) {
  const results = new Map();
  if (!fs.existsSync(dir)) return results;
  for (const name of fs.readdirSync(dir).sort()) {
    const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/.exec(name);
    const file = path.join(dir, name, "checks.json");
    if (!m || !fs.existsSync(file)) continue;
    results.set(m[1], collapseChecks(Checks.parse(JSON.parse(fs.readFileSync(file, "utf8")))));
  }
  return results;
}

/** Print one requirement set's verdict: counts, then every unexpected, stale and expected check, then not-scored. */
function printSet(r) {
  const line = (s) => console.log(`  ${s}`);
  console.log(`\n── ${r.revision}: ${r.required} scenarios required — ${r.passed.length} passed, ${r.expected.length} failed as expected (fixture-only), ${r.unexpected.length} with unexpected failures${r.notRun.length ? `, ${r.notRun.length} not run` : ""}${r.stale.length ? `, ${r.stale.length} stale baseline entries` : ""}`);
  line(`checks in scored scenarios: ${r.checks.passed} passed, ${r.checks.failed} failed, ${r.checks.warnings} warnings, ${r.checks.skipped} skipped; runner exit ${r.runnerExit} in ${(r.durationMs / 1000).toFixed(1)} s`);
  for (const u of r.unexpected) for (const c of u.checks) line(`✗ UNEXPECTED ${u.scenario}:${c.check} [${c.status}] ${c.message}`);
  for (const s of r.stale) line(`✗ STALE baseline entry (now passing — remove it): ${s}`);
  for (const s of r.notRun) line(`✗ NOT RUN (no results): ${s}`);
  for (const e of [...r.expected, ...r.unexpected.filter((u) => u.excused.length).map((u) => ({ scenario: u.scenario, checks: u.excused }))]) line(`~ expected (fixture-only): ${e.checks.map((c) => `${e.scenario}:${c.check}`).join(", ")}`);
  const ns = r.notScored;
  if (ns.length) {
    line(`not scored (${ns.length}, cannot fail the run): ${ns.filter((n) => !n.notRun && !n.failing.length).length} passing, ${ns.filter((n) => n.failing?.length).length} failing`);
    for (const n of ns) line(`  ${n.notRun ? "?" : n.failing.length ? "✗" : "✓"} ${n.scenario} (${n.reason})${n.notRun ? " not run" : `: ${n.passed} passed${n.failing.length ? `, failing ${n.failing.map((c) => c.check).join(", ")}` : ""}`}`);
  }
}

async function main() {
  const url = process.argv[2];
  if (!url || !/^https?:\/\//.test(url)) {
    console.error("usage: node scripts/conformance.mjs <mcp-url>   (e.g. http://127.0.0.1:3000/mcp)");
    process.exit(2);
  }
  const dir = suiteDir();
  const suite = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const cli = path.join(dir, "dist", "index.js");
  const baseline = parseBaseline(fs.readFileSync(BASELINE, "utf8"));
  const [cmd, pre] = node22();
  const started = Date.now();
  fs.mkdirSync(OUT, { recursive: true });
  console.log(`MCP conformance: ${suite.name}@${suite.version} against ${url} (baseline ${path.relative(root, BASELINE)}, ${baseline.length} entries)`);

  const sets = [];
  const knownScenarios = new Set();
  for (const revision of REVISIONS) {
    const requirements = Requirements.parse(parseYaml(fs.readFileSync(path.join(dir, "requirements", `${revision}.yaml`), "utf8")));
    requirements.server.forEach((s) => knownScenarios.add(s));
    const outDir = path.join(OUT, revision);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    const t0 = Date.now();
    const runnerExit = await runLogged(cmd, [...pre, cli, "server", "--url", url, "--requirements", revision, "--expected-failures", BASELINE, "--output-dir", outDir], path.join(OUT, `${revision}.log`));
    const r = evaluateSet(revision, requirements, readResults(outDir), baseline);
    sets.push({ ...r, runnerExit, durationMs: Date.now() - t0, log: path.relative(root, path.join(OUT, `${revision}.log`)) });
    printSet(sets.at(-1));
  }

  // An entry naming no scored scenario of either set is a typo (the suite would silently ignore it).
  const unknownEntries = baseline.filter((e) => !knownScenarios.has(e.scenario)).map((e) => e.text);
  for (const e of unknownEntries) console.log(`✗ baseline entry names no required scenario: ${e}`);
  // A per-check entry whose check never ran in either set is tolerated (a prerequisite may have failed) but shown.
  const emitted = new Set(sets.flatMap((s) => [...s.expected, ...s.unexpected].flatMap((x) => [...x.checks, ...(x.excused ?? [])].map((c) => `${x.scenario}:${c.check}`))));
  const unmatched = baseline.filter((e) => e.checkId && !emitted.has(e.text) && !sets.some((s) => s.stale.includes(e.text))).map((e) => e.text);
  if (unmatched.length) console.log(`(baseline entries not exercised in this run — absent or skipped checks: ${unmatched.join(", ")})`);

  // Our verdict and the runner's must agree: a runner crash or a disagreement fails the run too.
  const problems = sets.flatMap((s) => [
    ...s.unexpected.flatMap((u) => u.checks.map((c) => `${s.revision} unexpected ${u.scenario}:${c.check}`)),
    ...s.stale.map((e) => `${s.revision} stale ${e}`),
    ...s.notRun.map((e) => `${s.revision} not run ${e}`),
    ...(s.runnerExit !== 0 ? [`${s.revision} runner exit ${s.runnerExit} (see ${s.log})`] : []),
  ]).concat(unknownEntries.map((e) => `unknown baseline entry ${e}`));
  const summary = {
    suite: `${suite.name}@${suite.version}`,
    url,
    ok: problems.length === 0,
    durationMs: Date.now() - started,
    problems,
    baselineUnexercised: unmatched,
    requirements: Object.fromEntries(
      sets.map((s) => [
        s.revision,
        {
          required: s.required,
          passed: s.passed.length,
          expectedFailures: s.expected.length,
          unexpectedFailures: s.unexpected.length,
          notRun: s.notRun,
          stale: s.stale,
          checks: s.checks,
          runnerExit: s.runnerExit,
          durationMs: s.durationMs,
          passedScenarios: s.passed,
          expected: s.expected,
          unexpected: s.unexpected,
          notScored: s.notScored,
        },
      ]),
    ),
  };
  fs.writeFileSync(path.join(OUT, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\n${summary.ok ? "✓ conformance OK" : `✗ conformance FAILED (${problems.length} problem${problems.length === 1 ? "" : "s"})`} in ${(summary.durationMs / 1000).toFixed(1)} s — ${sets.map((s) => `${s.revision}: ${s.passed.length}/${s.required} passed, ${s.expected.length} fixture-only, ${s.unexpected.length} unexpected`).join("; ")}; summary: ${path.relative(root, path.join(OUT, "summary.json"))}`);
  process.exit(summary.ok ? 0 : 1);
}

await main();
