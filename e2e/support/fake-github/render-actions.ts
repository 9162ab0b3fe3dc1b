import { createHash } from "node:crypto";
import { findRepo } from "./access";
import { fixture, type Json } from "./fixtures";
import { type FakeContext, nodeId } from "./http";
import { renderRepo, renderUser, set } from "./render-repos";
import type { FakeArtifact, FakeAttempt, FakeJob, FakeRun, FakeWorkflow } from "./state";

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");

/** A workflow from GitHub's `workflow` example. */
export function renderWorkflow(f: FakeContext, w: FakeWorkflow): Json {
  const repo = findRepo(f.state, w.repo)!;
  return set(fixture("workflow", f.apiUrl), {
    id: w.id,
    node_id: nodeId("W", w.id),
    name: w.name,
    path: `.github/workflows/${w.file}`,
    state: "active",
    created_at: w.createdAt,
    updated_at: w.createdAt,
    url: `${f.apiUrl}/repos/${w.repo}/actions/workflows/${w.id}`,
    html_url: `${f.apiUrl}/${w.repo}/blob/${repo.defaultBranch}/.github/workflows/${w.file}`,
    badge_url: `${f.apiUrl}/${w.repo}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  });
}

/** The attempt shown: `n`, else the latest. */
export function attemptOf(run: FakeRun, n?: number): FakeAttempt | undefined {
  return n === undefined ? run.attempts[run.attempts.length - 1] : run.attempts.find((a) => a.attempt === n);
}

/**
 * A workflow run from GitHub's `workflow-run` example, as of `attempt` (default: the latest). `GET …/attempts/{n}`
 * answers `jobs_url`/`logs_url` of that attempt, as GitHub does.
 */
export function renderRun(f: FakeContext, run: FakeRun, o: { attempt?: FakeAttempt; excludePullRequests?: boolean } = {}): Json {
  const a = o.attempt ?? attemptOf(run)!;
  const repo = findRepo(f.state, run.repo)!;
  const wf = f.state.workflows.get(run.workflowId)!;
  const api = `${f.apiUrl}/repos/${run.repo}`;
  const url = `${api}/actions/runs/${run.id}`;
  const scoped = o.attempt ? `${url}/attempts/${a.attempt}` : url;
  const pulls = o.excludePullRequests
    ? []
    : run.pullNumbers.map((n) => {
        const pr = f.state.issues.find((i) => i.repo === run.repo && i.number === n);
        const side = (ref: string, sha: string) => ({ ref, sha, repo: { id: repo.id, url: api, name: repo.name } });
        return { url: `${api}/pulls/${n}`, id: pr?.id ?? n, number: n, head: side(run.headBranch, run.headSha), base: side(repo.defaultBranch, sha1(`${run.repo}:${repo.defaultBranch}`)) };
      });
  const headCommit = fixture("workflow-run", f.apiUrl).head_commit as Json;
  const actor = renderUser(f, run.actor);
  const minimal = renderRepo(f, repo, "minimal-repository");
  return set(fixture("workflow-run", f.apiUrl), {
    id: run.id,
    name: wf.name,
    node_id: nodeId("WFR", run.id),
    check_suite_id: run.checkSuiteId,
    check_suite_node_id: nodeId("CS", run.checkSuiteId),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: `.github/workflows/${wf.file}`,
    run_number: run.runNumber,
    event: run.event,
    display_title: run.displayTitle ?? run.commitMessage.split("\n")[0],
    status: a.status,
    conclusion: a.conclusion,
    workflow_id: wf.id,
    url,
    html_url: `${f.apiUrl}/${run.repo}/actions/runs/${run.id}${o.attempt ? `/attempts/${a.attempt}` : ""}`,
    pull_requests: pulls,
    created_at: run.createdAt,
    updated_at: a.updatedAt,
    actor,
    run_attempt: a.attempt,
    referenced_workflows: [],
    run_started_at: a.startedAt,
    triggering_actor: actor,
    jobs_url: `${scoped}/jobs`,
    logs_url: `${scoped}/logs`,
    check_suite_url: `${api}/check-suites/${run.checkSuiteId}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: a.attempt > 1 ? `${url}/attempts/${a.attempt - 1}` : null,
    workflow_url: `${api}/actions/workflows/${wf.id}`,
    head_commit: set(headCommit, {
      id: run.headSha,
      tree_id: sha1(`tree:${run.headSha}`),
      message: run.commitMessage,
      timestamp: run.createdAt,
      author: { name: run.actor, email: `${run.actor}@users.noreply.example` },
      committer: { name: "GitHub", email: "noreply@github.com" },
    }),
    repository: minimal,
    head_repository: minimal,
  });
}

/** A job from GitHub's `job` example (plus the schema's `created_at` and `run_attempt`, absent from the example). */
export function renderJob(f: FakeContext, job: FakeJob): Json {
  const run = f.state.runs.get(job.runId)!;
  const wf = f.state.workflows.get(run.workflowId)!;
  const api = `${f.apiUrl}/repos/${run.repo}`;
  const t = set(fixture("job", f.apiUrl), {
    id: job.id,
    run_id: run.id,
    run_url: `${api}/actions/runs/${run.id}`,
    node_id: nodeId("CR", job.id),
    head_sha: run.headSha,
    url: `${api}/actions/jobs/${job.id}`,
    html_url: `${f.apiUrl}/${run.repo}/actions/runs/${run.id}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    name: job.name,
    steps: job.steps.map((s) => ({ name: s.name, status: s.status, conclusion: s.conclusion, number: s.number, started_at: s.startedAt, completed_at: s.completedAt })),
    check_run_url: `${api}/check-runs/${job.id}`,
    labels: job.labels,
    runner_id: job.runnerName ? 1_000 + (job.id % 97) : null,
    runner_name: job.runnerName,
    runner_group_id: job.runnerName ? 0 : null,
    runner_group_name: job.runnerName ? "GitHub Actions" : null,
    workflow_name: wf.name,
    head_branch: run.headBranch,
  });
  return { ...t, created_at: job.createdAt, run_attempt: job.runAttempt };
}

/** Byte size of an artifact's zip. */
export function artifactSize(a: FakeArtifact): number {
  return a.source.kind === "buffer" ? a.source.data.byteLength : a.source.size;
}

/** An artifact from GitHub's `artifact` example. */
export function renderArtifact(f: FakeContext, a: FakeArtifact): Json {
  const run = f.state.runs.get(a.runId);
  const repo = findRepo(f.state, a.repo)!;
  const url = `${f.apiUrl}/repos/${a.repo}/actions/artifacts/${a.id}`;
  return set(fixture("artifact", f.apiUrl), {
    id: a.id,
    node_id: nodeId("AR", a.id),
    name: a.name,
    size_in_bytes: artifactSize(a),
    url,
    archive_download_url: `${url}/zip`,
    expired: a.expired,
    created_at: a.createdAt,
    expires_at: a.expiresAt,
    updated_at: a.createdAt,
    digest: a.digest,
    workflow_run: { id: a.runId, repository_id: repo.id, head_repository_id: repo.id, head_branch: run?.headBranch ?? null, head_sha: run?.headSha ?? null },
  });
}
