import fs from "node:fs";
import path from "node:path";
import type { FakeGitHub } from "./fake-github";

/**
 * A triage scenario on the fake GitHub, built from real reports of the shared corpus: repository `acme/shop`, pull
 * request #7 (head `feature/checkout` → base `main`), workflow `CI`.
 * - base run on `main` (success): the corpus SARIF (njsscan, 2 results) without its first result and with one extra
 *   result the PR no longer has; the corpus JUnit (jest-junit, 4 failing tests) with only its first failure left;
 * - PR run, attempt 1 (failure): the corpus SARIF and JUnit, plus one more failing test (`Cart › sums the total`);
 * - PR run, attempt 2 (failure, the re-run): the corpus SARIF and JUnit as they are.
 * Expected triage: SARIF `new` 1, `existing` 1, `fixed` 1; tests `broken` 1 (failing on main too), `new` 3, `flaky` 1
 * (failed in attempt 1, passed in attempt 2).
 */
export const TRIAGE = {
  repo: "acme/shop",
  prNumber: 7,
  headSha: "7c0ffee000000000000000000000000000000007",
  workflowId: 9_000_301,
  expected: { new: 4, existing: 1, fixed: 1, broken: 1, flaky: 1, newTests: 3 },
  flakyTest: "Cart::sums the total",
} as const;

const FLAKY_CASE = `    <testcase classname="Cart" name="sums the total" time="0.004">
      <failure message="expected 41.99 to be 42">AssertionError: expected 41.99 to be 42
    at Object.&lt;anonymous&gt; (src/cart.test.js:12:19)</failure>
    </testcase>
`;

/** Seed the scenario; `corpus` is the shared corpus directory. Returns the PR run's id and the base run's. */
export function seedTriageScenario(gh: FakeGitHub, corpus: string): { runId: number; baseRunId: number } {
  const sarifText = fs.readFileSync(path.join(corpus, "findings", "sarif", "njsscan.sarif"), "utf8");
  const junit = fs.readFileSync(path.join(corpus, "findings", "junit", "jest-junit.xml"), "utf8");
  const sarif = JSON.parse(sarifText) as { runs: { results: Record<string, unknown>[] }[] };

  const base = structuredClone(sarif);
  const [first, second] = base.runs[0]!.results as [Record<string, unknown>, Record<string, unknown>];
  const gone = structuredClone(second) as { ruleId: string; locations: { physicalLocation: { region: { snippet: { text: string }; startLine: number; endLine: number } } }[] };
  gone.locations = [gone.locations[0]!];
  gone.locations[0]!.physicalLocation.region.snippet.text = '        const password = "hunter2";';
  gone.locations[0]!.physicalLocation.region.startLine = gone.locations[0]!.physicalLocation.region.endLine = 100;
  base.runs[0]!.results = [second, gone];
  void first;
  let kept = 0;
  const baseJunit = junit.replace(/<failure[^>]*>[\s\S]*?<\/failure>/g, (m) => (kept++ === 0 ? m : ""));
  const attempt1Junit = junit.replace("</testsuite>", `${FLAKY_CASE}  </testsuite>`);

  gh.addRepo({ owner: "acme", name: "shop", workflows: [{ id: TRIAGE.workflowId, name: "CI", file: "ci.yml" }] });
  gh.addPullRequest({ repo: TRIAGE.repo, number: TRIAGE.prNumber, title: "Checkout page", headRef: "feature/checkout", headSha: TRIAGE.headSha, baseRef: "main" });
  const now = Date.now();
  const baseRun = gh.addRun({ repo: TRIAGE.repo, workflowId: TRIAGE.workflowId, event: "push", branch: "main", createdAtMs: now - 3 * 3_600_000, attempts: ["success"] });
  gh.addArtifact({ repo: TRIAGE.repo, runId: baseRun.runId, name: "reports", createdAtMs: baseRun.attempts[0]!.startMs + 5 * 60_000, files: { "njsscan.sarif": JSON.stringify(base), "junit/jest-junit.xml": baseJunit } });
  const pr = gh.addRun({ repo: TRIAGE.repo, workflowId: TRIAGE.workflowId, event: "pull_request", branch: "feature/checkout", sha: TRIAGE.headSha, pullNumbers: [TRIAGE.prNumber], createdAtMs: now - 3_600_000, attempts: ["failure", "failure"] });
  gh.addArtifact({ repo: TRIAGE.repo, runId: pr.runId, name: "reports", createdAtMs: pr.attempts[0]!.startMs + 5 * 60_000, files: { "njsscan.sarif": sarifText, "junit/jest-junit.xml": attempt1Junit } });
  gh.addArtifact({ repo: TRIAGE.repo, runId: pr.runId, name: "reports", createdAtMs: pr.attempts[1]!.startMs + 5 * 60_000, files: { "njsscan.sarif": sarifText, "junit/jest-junit.xml": junit } });
  return { runId: pr.runId, baseRunId: baseRun.runId };
}
