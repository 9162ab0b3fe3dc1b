import { z } from "zod";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { defineTool } from "@/lib/runtime/define-tool";
import { linkHasNext, nextCursor, readCursor } from "../cursor";
import { RunView, toRunView } from "../run-view";
import { CursorInput, LimitInput, RepoInput } from "../shared-schemas";

/** GitHub's `status` filter accepts statuses and conclusions alike. */
const RunStatus = z.enum([
  "completed", "action_required", "cancelled", "failure", "neutral", "skipped", "stale", "success", "timed_out", "in_progress", "queued", "requested", "waiting", "pending",
]);

export const listRuns = defineTool({
  name: "auditlens_list_runs",
  title: "List GitHub Actions runs",
  description:
    "List a repository's GitHub Actions workflow runs, newest first, filtered like GitHub's own API: branch, pr_number (runs of the pull request's head commit), event, status or conclusion, workflow (id or file name such as ci.yml), head_sha, created (GitHub's date syntax, e.g. >=2026-11-01), failed_only (conclusion failure). Each run: run_id, workflow name, title, event, status, conclusion, branch, head_sha, attempt, PR numbers, times, html_url. Use it first to answer \"what broke in this PR?\"; then auditlens_get_run.",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: z
    .object({
      repo: RepoInput,
      branch: z.string().min(1).max(255).optional(),
      pr_number: z.number().int().min(1).optional().describe("Pull request number: its head commit's runs"),
      event: z.string().regex(/^[a-z_]{1,40}$/).optional().describe("push, pull_request, schedule, workflow_dispatch, …"),
      status: RunStatus.optional(),
      workflow: z.union([z.number().int().min(1), z.string().regex(/^[\w.-]{1,100}\.ya?ml$/, "a workflow file name such as ci.yml")]).optional(),
      head_sha: z.string().regex(/^[0-9a-f]{7,40}$/i).optional(),
      created: z.string().regex(/^[<>=.\d\s:TZ+-]{4,60}$/, "GitHub date syntax: >=2026-11-01, 2026-11-01..2026-11-30").optional(),
      failed_only: z.boolean().default(false).describe("Only runs whose conclusion is failure (overrides status)"),
      limit: LimitInput,
      cursor: CursorInput,
    })
    .strict(),
  output: z.object({ runs: z.array(RunView), total_count: z.number().int(), next_cursor: z.string().nullable() }),
  handler: async (input, { github }) => {
    const { cursor, limit, ...filters } = input;
    const { page, per } = readCursor(cursor, { limit, filters });
    const client = await github.forRepo(input.repo);
    const { octokit, owner, repo } = client;
    try {
      let headSha = input.head_sha;
      if (input.pr_number) headSha = (await octokit.rest.pulls.get({ owner, repo, pull_number: input.pr_number })).data.head.sha;
      const query = {
        owner, repo, per_page: per, page,
        ...(input.branch ? { branch: input.branch } : {}),
        ...(input.event ? { event: input.event } : {}),
        ...(input.failed_only ? { status: "failure" as const } : input.status ? { status: input.status } : {}),
        ...(headSha ? { head_sha: headSha } : {}),
        ...(input.created ? { created: input.created } : {}),
      };
      const res = input.workflow
        ? await octokit.rest.actions.listWorkflowRuns({ ...query, workflow_id: input.workflow })
        : await octokit.rest.actions.listWorkflowRunsForRepo(query);
      const hasNext = linkHasNext(res.headers.link) || page * per < res.data.total_count;
      return { runs: res.data.workflow_runs.map(toRunView), total_count: res.data.total_count, next_cursor: nextCursor({ page, per, hasNext, filters }) };
    } catch (e) {
      throw mapGitHubError(e, { target: input.pr_number ? `pull request #${input.pr_number} of ${input.repo}` : `the runs of ${input.repo}` });
    }
  },
});
