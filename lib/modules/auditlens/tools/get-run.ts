import { z } from "zod";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { toPublicError } from "@/lib/errors";
import { defineTool } from "@/lib/runtime/define-tool";
import { downloadJobLog } from "../download-job-log";
import { FAILED_CONCLUSIONS, JobView, toJobView } from "../job-view";
import { failureExcerpt, parseJobLog } from "../logs";
import { RunView, toRunView } from "../run-view";
import { GitHubId, RepoInput } from "../shared-schemas";

/** Failed jobs whose logs are read for an excerpt (more are listed, without one). */
const MAX_EXCERPTS = 5;
const MAX_JOBS = 300;

const Excerpt = z.object({
  group: z.string().nullable().describe("The log group (step) the error is in"),
  first_error: z.string().nullable(),
  lines: z.array(z.object({ n: z.number().int().describe("1-based line number in the job log"), text: z.string() })),
  errors_total: z.number().int(),
  truncated: z.boolean(),
});

export const getRun = defineTool({
  name: "auditlens_get_run",
  title: "Get a GitHub Actions run",
  description:
    "One workflow run (optionally a given attempt) with all its jobs: conclusion, duration, the failed steps with their durations, and for each failed job (up to 5) a failure excerpt from its log — ANSI and timestamps stripped, log groups understood, the first real error with the lines around it, secrets redacted, bounded in size (`truncated`). Use auditlens_get_job_log for more of a log.",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: z.object({ repo: RepoInput, run_id: GitHubId, attempt: z.number().int().min(1).max(100).optional().describe("Run attempt (default: the latest)") }).strict(),
  output: z.object({
    run: RunView,
    jobs: z.array(JobView.extend({ failure_excerpt: Excerpt.nullable(), failure_excerpt_error: z.string().nullable() })),
    jobs_total: z.number().int(),
    failed_jobs: z.number().int(),
  }),
  handler: async (input, { github }) => {
    const client = await github.forRepo(input.repo);
    const { octokit, owner, repo } = client;
    const target = `run ${input.run_id} of ${input.repo}`;
    type Job = Parameters<typeof toJobView>[0];
    let run;
    const jobs: Job[] = [];
    let jobsTotal = 0;
    try {
      run = input.attempt
        ? (await octokit.rest.actions.getWorkflowRunAttempt({ owner, repo, run_id: input.run_id, attempt_number: input.attempt })).data
        : (await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: input.run_id })).data;
      const list = input.attempt
        ? octokit.paginate.iterator(octokit.rest.actions.listJobsForWorkflowRunAttempt, { owner, repo, run_id: input.run_id, attempt_number: input.attempt, per_page: 100 })
        : octokit.paginate.iterator(octokit.rest.actions.listJobsForWorkflowRun, { owner, repo, run_id: input.run_id, filter: "latest", per_page: 100 });
      for await (const page of list) {
        jobsTotal = (page.data as unknown as { total_count?: number }).total_count ?? jobsTotal;
        jobs.push(...(page.data as unknown as Job[]));
        if (jobs.length >= MAX_JOBS) break;
      }
    } catch (e) {
      throw mapGitHubError(e, { target });
    }
    const views = jobs.slice(0, MAX_JOBS).map((j) => ({ ...toJobView(j), failure_excerpt: null as z.infer<typeof Excerpt> | null, failure_excerpt_error: null as string | null }));
    const failed = views.filter((j) => j.conclusion && FAILED_CONCLUSIONS.has(j.conclusion));
    for (const job of failed.slice(0, MAX_EXCERPTS)) {
      try {
        const { text } = await downloadJobLog(client, github, job.job_id);
        job.failure_excerpt = failureExcerpt(parseJobLog(text));
      } catch (e) {
        job.failure_excerpt_error = toPublicError(e).message;
      }
    }
    return { run: toRunView(run), jobs: views, jobs_total: Math.max(jobsTotal, views.length), failed_jobs: failed.length };
  },
});
