import { requireRepo } from "../access";
import { parseDateQuery } from "../date-query";
import { type Ctx, idParam, listReply, notFound, type Route, route, validationFailed } from "../http";
import { attemptOf, renderJob, renderRun, renderWorkflow } from "../render-actions";
import type { FakeRepo, FakeRun, FakeWorkflow } from "../state";

/** Values of `status` that are statuses; every other accepted value is a conclusion (GitHub takes either). */
const STATUSES = new Set(["queued", "in_progress", "completed", "requested", "waiting", "pending"]);
const CONCLUSIONS = new Set(["action_required", "cancelled", "failure", "neutral", "skipped", "stale", "success", "timed_out"]);

const full = (r: FakeRepo) => `${r.owner}/${r.name}`;

/** The filters of "List workflow runs for a repository": actor, branch, event, status, created, head_sha, check_suite_id. */
function runFilter(ctx: Ctx): (run: FakeRun) => boolean {
  const q = ctx.query;
  const status = q.get("status");
  if (status && !STATUSES.has(status) && !CONCLUSIONS.has(status)) throw validationFailed([{ resource: "WorkflowRun", field: "status", code: "invalid" }]);
  const createdQ = q.get("created");
  const created = createdQ ? parseDateQuery(createdQ) : null;
  if (createdQ && !created) throw validationFailed([{ resource: "WorkflowRun", field: "created", code: "invalid" }]);
  return (run) => {
    const a = attemptOf(run)!;
    if (q.get("actor") && run.actor !== q.get("actor")) return false;
    if (q.get("branch") && run.headBranch !== q.get("branch")) return false;
    if (q.get("event") && run.event !== q.get("event")) return false;
    if (q.get("head_sha") && run.headSha !== q.get("head_sha")) return false;
    if (q.get("check_suite_id") && String(run.checkSuiteId) !== q.get("check_suite_id")) return false;
    if (status && (STATUSES.has(status) ? a.status !== status : a.conclusion !== status)) return false;
    if (created && !created(Date.parse(run.createdAt))) return false;
    return true;
  };
}

function listRuns(ctx: Ctx, repo: FakeRepo, workflow?: FakeWorkflow) {
  const keep = runFilter(ctx);
  const runs = [...ctx.fake.state.runs.values()]
    .filter((r) => r.repo === full(repo) && (!workflow || r.workflowId === workflow.id) && keep(r))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  const excludePullRequests = ctx.query.get("exclude_pull_requests") === "true";
  return listReply(ctx, "workflow_runs", runs, (r) => renderRun(ctx.fake, r, { excludePullRequests }));
}

/** A workflow by numeric id or file name (`ci.yml`), as `workflow_id` accepts both. */
function workflowOf(ctx: Ctx, repo: FakeRepo): FakeWorkflow {
  const key = ctx.params.workflow_id ?? "";
  for (const w of ctx.fake.state.workflows.values()) {
    if (w.repo === full(repo) && (String(w.id) === key || w.file === key)) return w;
  }
  throw notFound();
}

/** The run `:run_id` of the repository, else 404. */
export function runOf(ctx: Ctx, repo: FakeRepo): FakeRun {
  const run = ctx.fake.state.runs.get(idParam(ctx, "run_id"));
  if (!run || run.repo !== full(repo)) throw notFound();
  return run;
}

function getRun(ctx: Ctx) {
  const run = runOf(ctx, requireRepo(ctx, "actions"));
  return { status: 200, body: renderRun(ctx.fake, run, { excludePullRequests: ctx.query.get("exclude_pull_requests") === "true" }) };
}

function getAttempt(ctx: Ctx) {
  const run = runOf(ctx, requireRepo(ctx, "actions"));
  const attempt = attemptOf(run, idParam(ctx, "attempt_number"));
  if (!attempt) throw notFound();
  return { status: 200, body: renderRun(ctx.fake, run, { attempt, excludePullRequests: ctx.query.get("exclude_pull_requests") === "true" }) };
}

/** Jobs of a run: `filter=latest` (default) is the latest attempt's, `all` every attempt's; or one attempt's. */
function listJobs(ctx: Ctx) {
  const run = runOf(ctx, requireRepo(ctx, "actions"));
  let attempt: number | undefined;
  if (ctx.params.attempt_number !== undefined) {
    attempt = idParam(ctx, "attempt_number");
    if (!attemptOf(run, attempt)) throw notFound();
  } else if (ctx.query.get("filter") !== "all") {
    attempt = attemptOf(run)!.attempt;
  }
  const jobs = [...ctx.fake.state.jobs.values()].filter((j) => j.runId === run.id && (attempt === undefined || j.runAttempt === attempt)).sort((a, b) => a.id - b.id);
  return listReply(ctx, "jobs", jobs, (j) => renderJob(ctx.fake, j));
}

/** The job `:job_id` of the repository, else 404. */
export function jobOf(ctx: Ctx, repo: FakeRepo) {
  const job = ctx.fake.state.jobs.get(idParam(ctx, "job_id"));
  if (!job || ctx.fake.state.runs.get(job.runId)?.repo !== full(repo)) throw notFound();
  return job;
}

function listWorkflows(ctx: Ctx) {
  const repo = requireRepo(ctx, "actions");
  const list = [...ctx.fake.state.workflows.values()].filter((w) => w.repo === full(repo)).sort((a, b) => a.id - b.id);
  return listReply(ctx, "workflows", list, (w) => renderWorkflow(ctx.fake, w));
}

const R = "/repos/:owner/:repo/actions";

/** Workflows, workflow runs, attempts and jobs (GitHub REST "Actions"). Actions endpoints need `actions: read`. */
export const actionsRoutes: Route[] = [
  route("GET", `${R}/workflows`, "token", listWorkflows),
  route("GET", `${R}/workflows/:workflow_id`, "token", (ctx) => {
    const repo = requireRepo(ctx, "actions");
    return { status: 200, body: renderWorkflow(ctx.fake, workflowOf(ctx, repo)) };
  }),
  route("GET", `${R}/workflows/:workflow_id/runs`, "token", (ctx) => {
    const repo = requireRepo(ctx, "actions");
    return listRuns(ctx, repo, workflowOf(ctx, repo));
  }),
  route("GET", `${R}/runs`, "token", (ctx) => listRuns(ctx, requireRepo(ctx, "actions"))),
  route("GET", `${R}/runs/:run_id`, "token", getRun),
  route("GET", `${R}/runs/:run_id/attempts/:attempt_number`, "token", getAttempt),
  route("GET", `${R}/runs/:run_id/jobs`, "token", listJobs),
  route("GET", `${R}/runs/:run_id/attempts/:attempt_number/jobs`, "token", listJobs),
  route("GET", `${R}/jobs/:job_id`, "token", (ctx) => ({ status: 200, body: renderJob(ctx.fake, jobOf(ctx, requireRepo(ctx, "actions"))) })),
];
