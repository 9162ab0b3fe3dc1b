import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type Failure = { scenario: string; checks: { check: string; status: string; message: string }[] };
type SetSummary = { required: number; passed: number; expectedFailures: number; unexpectedFailures: number; notRun: string[]; stale: string[]; runnerExit: number | null; unexpected: Failure[] };
type Summary = { suite: string; ok: boolean; durationMs: number; problems: string[]; requirements: Record<string, SetSummary> };

// The official MCP conformance suite against the e2e app, both protocol eras (scripts/conformance.mjs; the baseline of
// fixture-only checks is e2e/conformance/expected-failures.yml). ≈ 15 s, so it runs in both e2e passes (PGlite and
// PostgreSQL): resources, prompts and completion read the database, so each pass is measured on its own store.
test("the official MCP conformance suite passes for 2025-11-25 and 2026-07-28, except fixture-only checks", async () => {
  test.setTimeout(600_000);
  const url = `${process.env.OA_BASE_URL}/mcp`;
  const summaryFile = path.join(root, "test-results", "conformance", "summary.json");
  fs.rmSync(summaryFile, { force: true });
  const started = Date.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(process.execPath, [path.join(root, "scripts", "conformance.mjs"), url], { cwd: root, timeout: 540_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, output: `${stdout}${stderr}` }),
    );
  });
  console.log(`conformance (${process.env.OA_DB_KIND}) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await test.info().attach("conformance-output", { body: output, contentType: "text/plain" });
  expect(fs.existsSync(summaryFile), output).toBe(true);
  await test.info().attach("conformance-summary", { path: summaryFile, contentType: "application/json" });
  const summary = JSON.parse(fs.readFileSync(summaryFile, "utf8")) as Summary;

  expect(Object.keys(summary.requirements).sort()).toEqual(["2025-11-25", "2026-07-28"]);
  for (const [revision, set] of Object.entries(summary.requirements)) {
    // Failing check ids and messages in the assertion message, not just "exit 1".
    expect(set.unexpected, `${revision}: unexpected failures`).toEqual([]);
    expect(set.stale, `${revision}: baseline entries that now pass`).toEqual([]);
    expect(set.notRun, `${revision}: required scenarios without results`).toEqual([]);
    expect(set.runnerExit, `${revision}: the suite's own verdict`).toBe(0);
    expect(set.passed + set.expectedFailures, revision).toBe(set.required);
  }
  expect(summary.problems).toEqual([]);
  expect(code, output).toBe(0);
});
