// `npm test`: every suite — typecheck, lint, unit + integration (vitest) on embedded PGlite and on a throwaway
// PostgreSQL server, production build, end-to-end (Playwright + the official MCP client) on both databases; the S3
// tests run against a throwaway Ceph RADOS Gateway (scripts/ceph-rgw.sh) started once for all of them.
// Ends with one line `N passed, N failed` totalling every suite honestly (a check such as typecheck counts as one).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./find-chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const results = [];
const t0 = Date.now();

function run(label, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`=== ${label}: exit ${r.status} in ${secs} s ===`);
  return r.status === 0;
}
function check(label, cmd, args, env) {
  const ok = run(label, cmd, args, env);
  results.push({ label, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
}
function vitest(label, env) {
  const out = path.join(root, "test-results", `vitest-${label.replace(/\W+/g, "-")}.json`);
  fs.rmSync(out, { force: true });
  const ok = run(`vitest (${label})`, bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${out}`], env);
  try {
    const j = JSON.parse(fs.readFileSync(out, "utf8"));
    results.push({ label: `vitest (${label})`, passed: j.numPassedTests, failed: j.numFailedTests + (ok || j.numFailedTests ? 0 : 1), skipped: j.numPendingTests + j.numTodoTests });
  } catch {
    results.push({ label: `vitest (${label})`, passed: 0, failed: 1, skipped: 0 });
  }
}
function e2e(label, env) {
  const out = path.join(root, "test-results", "e2e-results.json");
  fs.rmSync(out, { force: true });
  const ok = run(`e2e (${label})`, bin("playwright"), ["test"], env);
  try {
    const s = JSON.parse(fs.readFileSync(out, "utf8")).stats;
    results.push({ label: `e2e (${label})`, passed: s.expected + s.flaky, failed: s.unexpected + (ok || s.unexpected ? 0 : 1), skipped: s.skipped });
  } catch {
    results.push({ label: `e2e (${label})`, passed: 0, failed: 1, skipped: 0 });
  }
}

/**
 * Start the S3 gateway in the background (≈ 13 s, overlapping typecheck and lint): resolves to the
 * OMNIAUDIT_TEST_S3_* variables for vitest and e2e, or to {} (S3 tests skip) when Debian's radosgw or root is missing.
 * Its output goes to files, not pipes: the synchronous suites below would not drain a pipe.
 */
function startS3() {
  const hasRgw = spawnSync("sh", ["-c", "command -v radosgw"]).status === 0;
  if (!hasRgw || process.getuid?.() !== 0) {
    console.log("\n(S3 suites skipped: Debian's radosgw package and root are needed for a throwaway Ceph gateway; .ci/run installs it)");
    return Promise.resolve({});
  }
  const logs = path.join(root, "test-results", "ceph-rgw");
  const [out, err] = [fs.openSync(`${logs}.out`, "w"), fs.openSync(`${logs}.err`, "w")];
  const started = Date.now();
  const child = spawn("bash", [path.join(root, "scripts", "ceph-rgw.sh"), "start"], { stdio: ["ignore", out, err] });
  return new Promise((resolve) => {
    child.on("exit", (code) => {
      const line = fs.readFileSync(`${logs}.out`, "utf8").trim().split("\n").pop() ?? "";
      const [endpoint, key, secret] = line.split(" ");
      if (code !== 0 || !endpoint?.startsWith("http")) {
        console.error(`\nS3 gateway did not start (exit ${code}): ${fs.readFileSync(`${logs}.err`, "utf8").slice(-2000)}`);
        results.push({ label: "S3 gateway (Ceph RGW)", passed: 0, failed: 1, skipped: 0 });
        return resolve({});
      }
      console.log(`\n(S3 gateway ${endpoint} started in ${((Date.now() - started) / 1000).toFixed(1)} s or less)`);
      resolve({ OMNIAUDIT_TEST_S3_ENDPOINT: endpoint, OMNIAUDIT_TEST_S3_ACCESS_KEY_ID: key, OMNIAUDIT_TEST_S3_SECRET_ACCESS_KEY: secret, OMNIAUDIT_TEST_S3_REGION: "us-east-1", OMNIAUDIT_TEST_S3_BUCKET: "omniaudit-test" });
    });
  });
}

fs.mkdirSync(path.join(root, "test-results"), { recursive: true });
const chromium = ensureChromium();
if (chromium) process.env.CHROMIUM_PATH = chromium;

const s3Starting = startS3();
check("typecheck", bin("tsc"), ["--noEmit", "-p", "."]);
check("lint", bin("eslint"), ["."]);
const s3Env = await s3Starting;
vitest("pglite", s3Env);

// A throwaway PostgreSQL cluster from Debian's package (installed by .ci/run; skipped with a notice elsewhere).
const pgDir = path.join(root, ".data", "pg-test");
const hasPg = fs.existsSync("/usr/lib/postgresql") || spawnSync("sh", ["-c", "command -v initdb"]).status === 0;
let pgUrl;
if (hasPg && process.getuid?.() === 0) {
  const r = spawnSync("bash", [path.join(root, "scripts", "pg-throwaway.sh"), "start"], { env: { ...process.env, PGDIR: pgDir, PGPORT: "54329", PGDATABASE: "omniaudit_test" }, encoding: "utf8" });
  pgUrl = r.status === 0 ? r.stdout.trim().split("\n").pop() : undefined;
  if (!pgUrl) console.error(`PostgreSQL did not start: ${r.stderr}`);
} else {
  console.log("\n(PostgreSQL suites skipped: Debian's postgresql package and root are needed for a throwaway cluster)");
}
// The S3 tests don't touch the database: they run once, in the PGlite pass (skipped here).
if (pgUrl) vitest("postgres", { OMNIAUDIT_TEST_PG_ADMIN_URL: pgUrl });

check("next build", process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { NEXT_TELEMETRY_DISABLED: "1" });
if (results.at(-1).failed === 0) {
  e2e("pglite", s3Env); // e2e/object-store-s3.spec.ts runs here, once
  if (pgUrl) e2e("postgres", { OMNIAUDIT_E2E_DATABASE_URL: pgUrl });
}
if (s3Env.OMNIAUDIT_TEST_S3_ENDPOINT) spawnSync("bash", [path.join(root, "scripts", "ceph-rgw.sh"), "stop"], { stdio: "inherit" });
if (pgUrl) spawnSync("bash", [path.join(root, "scripts", "pg-throwaway.sh"), "stop"], { env: { ...process.env, PGDIR: pgDir }, stdio: "inherit" });

// SiteLint (in the benchmark's process, and as the built server over MCP) vs pa11y-ci vs Lighthouse on a 20-page sample
// of the corpus (bench/sitelint.ts, ≈ 1 min): prints the figures, never judges speed; fails only when the benchmark
// crashes or a tool audits 0 pages. Needs ../shared/corpus; the served run uses the build the e2e stages made.
const corpusSite = path.join(process.env.OMNIAUDIT_CORPUS_DIR ?? path.resolve(root, "..", "shared", "corpus"), "sites", "mdn-learning-area");
if (fs.existsSync(corpusSite)) {
  check("bench:sitelint (20 pages)", bin("tsx"), ["--conditions=react-server", "--tsconfig", "tsconfig.json", "bench/sitelint.ts", "--pages", "20", "--lighthouse-pages", "3", "--tools", "sitelint,served,pa11y,lighthouse", "--in-ci"]);
} else {
  console.log(`\n(bench:sitelint skipped: no corpus at ${corpusSite}; set OMNIAUDIT_CORPUS_DIR or place ../shared/corpus beside the project)`);
  results.push({ label: "bench:sitelint (20 pages)", passed: 0, failed: 0, skipped: 1 });
}

const sum = (k) => results.reduce((a, r) => a + r[k], 0);
console.log("\nSuite                         passed  failed  skipped");
for (const r of results) console.log(`${r.label.padEnd(30)}${String(r.passed).padStart(6)}${String(r.failed).padStart(8)}${String(r.skipped).padStart(9)}`);
console.log(`total time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`${sum("passed")} passed, ${sum("failed")} failed, ${sum("skipped")} skipped`);
process.exit(sum("failed") === 0 ? 0 : 1);
