// `npm run smoke -- <base-url> [options]`: the live smoke workflow against a running deployment (scripts/smoke/).
// Writes artifacts/smoke/<timestamp>/summary.json and the raw responses; exits 0 when no check failed, 1 otherwise,
// 2 on bad usage. See docs/hosting.md ("Smoke test") for the options and credentials.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseSmokeOptions } from "./smoke/options";
import { runSmoke } from "./smoke/run-smoke";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let options;
try {
  options = parseSmokeOptions(process.argv.slice(2), process.env, root);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
}
const summary = await runSmoke(options);
for (const c of summary.checks) console.log(`${c.status.padEnd(8)} ${c.name.padEnd(24)} ${c.detail}`);
console.log(`\n${summary.passed ? "PASSED" : "FAILED"}${summary.skipped.length ? ` (skipped: ${summary.skipped.join(", ")})` : ""} — ${path.join(options.outDir, "summary.json")}`);
process.exit(summary.passed ? 0 : 1);
