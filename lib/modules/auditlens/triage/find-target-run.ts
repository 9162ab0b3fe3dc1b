import "server-only";
import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { AppError } from "@/lib/errors";
import { FAILED_CONCLUSIONS } from "../job-view";
import { toRunView, type RunView } from "../run-view";

export type TriageTarget = { pr_number?: number; branch?: string; run_id?: number };

/**
 * The run a triage looks at and the branch it compares with: the given run; else the latest failed run (conclusion
 * failure / timed_out / startup_failure) of a pull request's head commit or of a branch — or, when nothing failed, the
 * latest completed one. The base branch is the pull request's base, else the repository's default branch.
 * @throws AppError `NOT_FOUND` when there is no completed run to triage; GitHub errors via `mapGitHubError`.
 */
export async function findTargetRun(client: RepoClient, target: TriageTarget): Promise<{ run: RunView; baseBranch: string }> {
  const { octokit, owner, repo } = client;
  const where = target.run_id ? `run ${target.run_id}` : target.pr_number ? `pull request #${target.pr_number}` : `branch ${target.branch}`;
  try {
    if (target.run_id) {
      const run = (await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: target.run_id })).data;
      const base = (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
      return { run: toRunView(run), baseBranch: base };
    }
    let baseBranch: string;
    let query: { head_sha?: string; branch?: string };
    if (target.pr_number) {
      const pr = (await octokit.rest.pulls.get({ owner, repo, pull_number: target.pr_number })).data;
      baseBranch = pr.base.ref;
      query = { head_sha: pr.head.sha };
    } else {
      baseBranch = (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
      query = { branch: target.branch };
    }
    const runs = (await octokit.rest.actions.listWorkflowRunsForRepo({ owner, repo, ...query, status: "completed", per_page: 100 })).data.workflow_runs;
    const chosen = runs.find((r) => r.conclusion && FAILED_CONCLUSIONS.has(r.conclusion)) ?? runs[0];
    if (!chosen) throw new AppError("NOT_FOUND", `${where} of ${owner}/${repo} has no completed workflow run to triage.`);
    return { run: toRunView(chosen), baseBranch };
  } catch (e) {
    throw mapGitHubError(e, { target: `${where} of ${owner}/${repo}` });
  }
}

/**
 * The comparison run: the latest successful run of the same workflow on the base branch, or null when there is none.
 */
export async function findBaseRun(client: RepoClient, o: { workflowId: number; baseBranch: string; excludeRunId: number }): Promise<RunView | null> {
  const { octokit, owner, repo } = client;
  try {
    const runs = (await octokit.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: o.workflowId, branch: o.baseBranch, status: "success", per_page: 5 })).data.workflow_runs;
    const run = runs.find((r) => r.id !== o.excludeRunId);
    return run ? toRunView(run) : null;
  } catch (e) {
    throw mapGitHubError(e, { target: `the ${o.baseBranch} runs of ${owner}/${repo}` });
  }
}

/** Other completed runs of the same workflow on the same commit (re-runs, other triggers): flaky-test evidence. */
export async function findSiblingRuns(client: RepoClient, o: { workflowId: number; headSha: string; excludeRunId: number }): Promise<RunView[]> {
  const { octokit, owner, repo } = client;
  try {
    const runs = (await octokit.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: o.workflowId, head_sha: o.headSha, status: "completed", per_page: 10 })).data.workflow_runs;
    return runs.filter((r) => r.id !== o.excludeRunId).slice(0, 5).map(toRunView);
  } catch (e) {
    throw mapGitHubError(e, { target: `the runs of ${o.headSha.slice(0, 7)} in ${owner}/${repo}` });
  }
}

/** Earlier attempts of a run read at most (the latest ones before the current attempt). */
const MAX_EARLIER_ATTEMPTS = 3;

/**
 * The earlier attempts of a re-run run (`run_attempt` > 1), newest first, each with the window its artifacts were
 * uploaded in: from its `run_started_at` (`GET …/runs/{run_id}/attempts/{n}`) to the next attempt's.
 */
export async function earlierAttempts(client: RepoClient, run: RunView): Promise<{ attempt: number; from: string | null; to: string | null }[]> {
  const { octokit, owner, repo } = client;
  const out: { attempt: number; from: string | null; to: string | null }[] = [];
  let nextStart = run.run_started_at;
  try {
    for (let n = run.run_attempt - 1; n >= 1 && out.length < MAX_EARLIER_ATTEMPTS; n--) {
      const a = (await octokit.rest.actions.getWorkflowRunAttempt({ owner, repo, run_id: run.run_id, attempt_number: n })).data;
      if (a.status === "completed") out.push({ attempt: n, from: a.run_started_at ?? null, to: nextStart });
      nextStart = a.run_started_at ?? nextStart;
    }
  } catch (e) {
    throw mapGitHubError(e, { target: `the attempts of run ${run.run_id} in ${owner}/${repo}` });
  }
  return out;
}
