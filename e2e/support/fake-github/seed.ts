import { APP_INSTALLATION_ID, PR_HEAD_REF, PR_HEAD_SHA, PR_NUMBER } from "./constants";
import { iso } from "./http";
import { CART_FAILURE, E2E_FAILURE, INSTALL_FAILURE, LINT_FAILURE } from "./log-scripts";
import { addRun, type JobPlan, type RunPlan, shaOf } from "./seed-runs";
import type { FakeIssue, FakeState, SeedInfo } from "./state";
import { prng, type SeedArchives, seedArchives } from "./zips";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEB = "acme/web";
const API = "acme/api";
const CI_WEB = 9_000_101;
const NIGHTLY_WEB = 9_000_102;
const CI_API = 9_000_201;

const MESSAGES = ["Fix flaky cart total rounding", "Bump vitest from 1.5.3 to 1.6.0", "Refactor session storage", "Add coupon support to the cart", "Update README.md", "Tighten CSP for the checkout page", "Cache product images", "Speed up the login page"];

function world(state: FakeState): void {
  const now = Date.now();
  for (const u of [
    { login: "acme", id: 9_100_001, type: "Organization" as const, name: "Acme Corp" },
    { login: "mona", id: 583_231, type: "User" as const, name: "Mona Lisa Octocat" },
    { login: "hubot", id: 5_000_001, type: "User" as const, name: "Hubot" },
  ]) state.users.set(u.login, u);
  state.repos.set(WEB, { id: 700_000_001, owner: "acme", name: "web", private: true, description: "Acme storefront (Next.js)", defaultBranch: "main", createdAt: "2023-02-01T10:00:00Z", pushedAt: iso(now - HOUR) });
  state.repos.set(API, { id: 700_000_002, owner: "acme", name: "api", private: false, description: "Acme public API", defaultBranch: "main", createdAt: "2023-03-15T10:00:00Z", pushedAt: iso(now - 2 * HOUR) });
  state.workflows.set(CI_WEB, { id: CI_WEB, repo: WEB, name: "CI", file: "ci.yml", createdAt: "2023-02-01T10:30:00Z" });
  state.workflows.set(NIGHTLY_WEB, { id: NIGHTLY_WEB, repo: WEB, name: "Nightly", file: "nightly.yml", createdAt: "2023-05-10T08:00:00Z" });
  state.workflows.set(CI_API, { id: CI_API, repo: API, name: "CI", file: "ci.yml", createdAt: "2023-03-15T11:00:00Z" });
  state.installations.set(APP_INSTALLATION_ID, {
    id: APP_INSTALLATION_ID,
    account: "acme",
    permissions: { actions: "read", checks: "read", contents: "read", issues: "write", metadata: "read", pull_requests: "read" },
    repositorySelection: "all",
    suspended: false,
    createdAt: "2024-01-10T09:05:00Z",
  });
}

const ciJobs = (fail?: "lint" | "test" | "install", cancelled = false): JobPlan[] => [
  { kind: "lint", end: fail === "lint" ? { kind: "failure", step: "Run npm run lint", output: LINT_FAILURE } : "success" },
  { kind: "build" },
  {
    kind: "test",
    end: cancelled ? { kind: "cancelled", step: "Run npm test" } : fail === "test" ? { kind: "failure", step: "Run npm test", output: CART_FAILURE } : fail === "install" ? { kind: "failure", step: "Install dependencies", output: INSTALL_FAILURE } : "success",
  },
];

/** ~70 runs of acme/web over the last ~7 days, newest last; index 58 is the failed run with two attempts. */
function webRuns(state: FakeState, now: number): Pick<SeedInfo, "failedRunId" | "failedJobId" | "firstAttemptFailedJobId" | "inProgressRunId" | "queuedRunIds"> {
  const rnd = prng(2024);
  const out = { failedRunId: 0, failedJobId: 0, firstAttemptFailedJobId: 0, inProgressRunId: 0, queuedRunIds: [] as number[] };
  const prSha = new Set([55, 58, 61, 68]);
  for (let i = 0; i < 70; i++) {
    const createdMs = i >= 67 ? now - [9, 4, 1][i - 67]! * 60_000 : now - (70 - i) * 2.5 * HOUR - Math.floor(rnd() * 20) * 60_000;
    const nightly = i % 8 === 5 && !prSha.has(i) && i < 67;
    const r = rnd();
    let [event, branch] = ["pull_request", PR_HEAD_REF];
    if (nightly) [event, branch] = ["schedule", "main"];
    else if (prSha.has(i)) event = i === 55 ? "push" : "pull_request";
    else if (i >= 67 || r < 0.45) [event, branch] = ["push", "main"];
    else if (r < 0.7) event = "push";
    const sha = prSha.has(i) ? PR_HEAD_SHA : shaOf(`${WEB} ${branch} ${i}`);
    const c = rnd();
    const fail = c < 0.65 ? undefined : c < 0.87 ? (rnd() < 0.5 ? "lint" : "test") : "cancel";
    let jobs: JobPlan[] = nightly
      ? [{ kind: "e2e", end: fail === undefined ? "success" : fail === "cancel" ? { kind: "cancelled", step: "Run npx playwright test" } : { kind: "failure", step: "Run npx playwright test", output: E2E_FAILURE } }]
      : ciJobs(fail === "cancel" ? undefined : fail, fail === "cancel");
    if (i === 55) jobs = ciJobs();
    if (i === 61) jobs = ciJobs(undefined, true);
    if (i === 67) jobs = [{ kind: "lint" }, { kind: "build", end: { kind: "in_progress", step: "Run npm run build" } }, { kind: "test", end: "queued" }];
    if (i >= 68) jobs = ciJobs().map((j) => ({ ...j, end: "queued" as const }));
    const attempts = [{ startMs: createdMs + 2000, jobs }];
    if (i === 58) {
      attempts[0] = { startMs: createdMs + 2000, jobs: ciJobs("install") };
      attempts.push({ startMs: createdMs + 40 * 60_000, jobs: [{ kind: "lint" }, { kind: "build" }, { kind: "test", long: true, end: { kind: "failure", step: "Run npm test" } }] });
    }
    const plan: RunPlan = {
      id: 9_100_000_000 + i * 1_013,
      repo: WEB,
      workflowId: nightly ? NIGHTLY_WEB : CI_WEB,
      runNumber: nightly ? 300 + i : 1_200 + i,
      event,
      headBranch: branch,
      headSha: sha,
      commitMessage: i === 58 ? "Validate the password before the session lookup" : MESSAGES[i % MESSAGES.length]!,
      displayTitle: nightly ? "Nightly" : event === "pull_request" ? "Add login form" : undefined,
      actor: nightly ? "hubot" : branch === "main" && i % 3 === 0 ? "hubot" : "mona",
      createdAt: iso(createdMs),
      pullNumbers: branch === PR_HEAD_REF ? [PR_NUMBER] : [],
      attempts,
    };
    const { run, jobs: byAttempt } = addRun(state, plan, rnd, 25_000_000_000 + i * 100);
    if (i === 58) {
      out.failedRunId = run.id;
      out.firstAttemptFailedJobId = byAttempt[0]!.find((j) => j.conclusion === "failure")!.id;
      out.failedJobId = byAttempt[1]!.find((j) => j.conclusion === "failure")!.id;
    }
    if (i === 67) out.inProgressRunId = run.id;
    if (i >= 68) out.queuedRunIds.push(run.id);
  }
  return out;
}

/** Four acme/api runs (3 days to 2 hours old); the last holds the hostile archives, the first the expired one. */
function apiRuns(state: FakeState, now: number): number[] {
  const rnd = prng(77);
  return [72, 30, 10, 2].map((hoursAgo, i) => {
    const createdMs = now - hoursAgo * HOUR;
    const jobs: JobPlan[] = [{ kind: "build" }, { kind: "test", end: i === 1 ? { kind: "failure", step: "Run npm test", output: CART_FAILURE } : "success" }];
    const plan: RunPlan = { id: 9_200_000_000 + i * 1_013, repo: API, workflowId: CI_API, runNumber: 500 + i, event: "push", headBranch: "main", headSha: shaOf(`${API} main ${i}`), commitMessage: MESSAGES[(i + 3) % MESSAGES.length]!, actor: "hubot", createdAt: iso(createdMs), pullNumbers: [], attempts: [{ startMs: createdMs + 2000, jobs }] };
    return addRun(state, plan, rnd, 25_100_000_000 + i * 100).run.id;
  });
}

function artifacts(state: FakeState, archives: SeedArchives, failedRunId: number, apiRunIds: number[]): Record<string, number> {
  const ids: Record<string, number> = {};
  const add = (repo: string, runId: number, name: keyof SeedArchives, id: number, expired = false) => {
    const run = state.runs.get(runId)!;
    const createdMs = Date.parse(run.attempts[run.attempts.length - 1]!.updatedAt);
    const expiresAt = expired ? iso(createdMs + DAY) : iso(createdMs + 90 * DAY);
    state.artifacts.set(id, { id, repo, runId, name, createdAt: iso(createdMs), expiresAt, expired, digest: archives[name].digest, source: archives[name].source });
    ids[name] = id;
  };
  add(WEB, failedRunId, "test-results", 1_600_000_001);
  const hostile = ["zip-bomb-ratio", "zip-bomb-total", "traversal", "absolute", "symlink", "oversized"] as const;
  hostile.forEach((name, i) => add(API, apiRunIds[3]!, name, 1_600_000_101 + i));
  add(API, apiRunIds[0]!, "expired-report", 1_600_000_201, true);
  return ids;
}

function issues(state: FakeState, now: number): void {
  const issue = (o: Partial<FakeIssue> & Pick<FakeIssue, "repo" | "number" | "title" | "user">, ageHours: number): FakeIssue => {
    const at = iso(now - ageHours * HOUR);
    return { id: state.nextId(), body: null, state: "open", stateReason: null, labels: [], assignees: [], locked: false, createdAt: at, updatedAt: at, closedAt: null, closedBy: null, ...o };
  };
  state.issues.push(
    issue({ repo: WEB, number: 39, title: "Flaky: src/cart.test.ts times out on CI", body: "`cart > sums the total` fails about once a week on CI and passes on re-run.", user: "hubot", labels: ["flaky", "ci"] }, 400),
    issue({ repo: WEB, number: 40, title: "Login form does not show the error message", body: "After a wrong password the form stays silent.", user: "mona", labels: ["bug"], assignees: ["mona"] }, 300),
    issue({ repo: WEB, number: 41, title: "Lint failure on main: no-unused-vars in src/cart.ts", body: "`total` is assigned a value but never used.", user: "hubot", labels: ["ci"], state: "closed", stateReason: "completed", closedAt: iso(now - 100 * HOUR), closedBy: "mona" }, 200),
    issue({ repo: WEB, number: PR_NUMBER, title: "Add login form", body: "Adds the login form and password validation.\n\nCloses #40.", user: "mona", labels: ["feature"], pull: { headRef: PR_HEAD_REF, headSha: PR_HEAD_SHA, baseRef: "main", draft: false, mergedAt: null } }, 40),
    issue({ repo: API, number: 7, title: "Document the /items pagination", body: "The Link header is not described in the docs.", user: "mona", labels: ["docs"] }, 500),
  );
  const at = iso(now - 90 * HOUR);
  state.comments.push({ id: state.nextId(), repo: WEB, issueNumber: 39, body: "Seen again on main today; re-run passed.", user: "mona", createdAt: at, updatedAt: at });
}

/**
 * The default world: org `acme` with `acme/web` (private) and `acme/api` (public), users `mona` and `hubot`, PR #42
 * on acme/web, ~70 runs of `CI` (ci.yml) and `Nightly` (nightly.yml) on acme/web and 4 on acme/api, their jobs and
 * logs, the `test-results` and hostile artifacts, a few issues, and the App's installation on `acme`. Timestamps are
 * relative to now; ids are fixed.
 */
export async function seedDefault(state: FakeState): Promise<SeedInfo> {
  const archives = await seedArchives();
  const now = Date.now();
  world(state);
  const web = webRuns(state, now);
  const apiRunIds = apiRuns(state, now);
  const ids = artifacts(state, archives, web.failedRunId, apiRunIds);
  issues(state, now);
  return {
    webRepo: WEB,
    apiRepo: API,
    prNumber: PR_NUMBER,
    prHeadSha: PR_HEAD_SHA,
    prHeadRef: PR_HEAD_REF,
    ...web,
    testResultsArtifactId: ids["test-results"]!,
    maliciousRunId: apiRunIds[3]!,
    artifacts: ids,
    installationId: APP_INSTALLATION_ID,
  };
}
