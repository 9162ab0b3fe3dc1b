import { requireRepo } from "../access";
import { arrayReply, type Ctx, HttpError, idParam, notFound, type Route, route } from "../http";
import { renderPull } from "../render-issues";
import { renderDiffEntry } from "../render-git";
import type { FakeIssue } from "../state";

const SORTS = ["created", "updated", "popularity", "long-running"];
const MONTH = 30 * 86_400_000;

const invalidField = (field: string) =>
  new HttpError(422, { message: "Validation Failed", errors: [{ resource: "PullRequest", field, code: "invalid" }], documentation_url: "https://docs.github.com/rest/pulls/pulls#list-pull-requests", status: "422" });

/**
 * `GET …/pulls`: `state` (open, closed — merged ones included —, all), `head` (`owner:branch` or `branch`), `base`,
 * `sort` (created, updated, popularity = comments, long-running = open over a month, by age) and `direction` (default
 * desc for created, else asc, as GitHub).
 */
function listPulls(ctx: Ctx) {
  const repo = requireRepo(ctx, "pull_requests");
  const full = `${repo.owner}/${repo.name}`;
  const q = ctx.query;
  const state = q.get("state") ?? "open";
  if (!["open", "closed", "all"].includes(state)) throw invalidField("state");
  const sort = q.get("sort") ?? "created";
  if (!SORTS.includes(sort)) throw invalidField("sort");
  const dir = (q.get("direction") ?? (sort === "created" ? "desc" : "asc")) === "asc" ? 1 : -1;
  const head = q.get("head");
  const base = q.get("base");
  const comments = (i: FakeIssue) => ctx.fake.state.comments.filter((c) => c.repo === i.repo && c.issueNumber === i.number).length;
  const key = (i: FakeIssue): number => (sort === "updated" ? Date.parse(i.updatedAt) : sort === "popularity" ? comments(i) : Date.parse(i.createdAt));
  const list = ctx.fake.state.issues
    .filter((i) => i.repo === full && i.pull && (state === "all" || i.state === state))
    .filter((i) => !head || `${repo.owner}:${i.pull!.headRef}` === head || i.pull!.headRef === head)
    .filter((i) => !base || i.pull!.baseRef === base)
    .filter((i) => sort !== "long-running" || (i.state === "open" && Date.now() - Date.parse(i.createdAt) > MONTH))
    .sort((a, b) => dir * (key(a) - key(b) || a.number - b.number));
  return arrayReply(ctx, list, (i) => renderPull(ctx.fake, i, "pull-request-simple"));
}

function pullOf(ctx: Ctx): FakeIssue {
  const repo = requireRepo(ctx, "pull_requests");
  const n = idParam(ctx, "pull_number");
  const i = ctx.fake.state.issues.find((x) => x.repo === `${repo.owner}/${repo.name}` && x.number === n && x.pull);
  if (!i) throw notFound();
  return i;
}

/** Pull requests: list, get (open or merged) and changed files (`pull_requests: read`). */
export const pullRoutes: Route[] = [
  route("GET", "/repos/:owner/:repo/pulls", "token", listPulls),
  route("GET", "/repos/:owner/:repo/pulls/:pull_number", "token", (ctx) => ({ status: 200, body: renderPull(ctx.fake, pullOf(ctx)) })),
  route("GET", "/repos/:owner/:repo/pulls/:pull_number/files", "token", (ctx) => {
    const i = pullOf(ctx);
    return arrayReply(ctx, i.pull!.files ?? [], (p) => renderDiffEntry(ctx.fake, i.repo, p, i.pull!.headSha));
  }),
];
