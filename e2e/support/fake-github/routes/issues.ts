import { canSee, findRepo, hasPermission, requireRepo } from "../access";
import { fixture } from "../fixtures";
import { arrayReply, type Ctx, DOCS, HttpError, idParam, iso, notFound, type Route, route, validationFailed } from "../http";
import { renderComment, renderIssue, renderSearchItem } from "../render-issues";
import { matchesIssue, parseIssueQuery } from "../search-query";
import type { FakeIssue } from "../state";

const MAX_BODY = 65_536;
const MAX_TITLE = 256;

const invalid = (message: string) => new HttpError(422, { message: `Invalid request.\n\n${message}`, documentation_url: DOCS, status: "422" });

function issueOf(ctx: Ctx, level: "read" | "write"): FakeIssue {
  const repo = requireRepo(ctx, "issues", level);
  const n = idParam(ctx, "issue_number");
  const i = ctx.fake.state.issues.find((x) => x.repo === `${repo.owner}/${repo.name}` && x.number === n);
  if (!i) throw notFound();
  return i;
}

/** Validate and apply the writable fields of "Create an issue" / "Update an issue" (GitHub's 422 shapes). */
function applyFields(i: FakeIssue, body: Record<string, unknown>, creating: boolean): void {
  const { title, body: text, labels, assignees, state, state_reason } = body;
  if (creating && title === undefined) throw invalid(`For 'properties/title', nil is not a string or integer.`);
  if (title !== undefined) {
    if (typeof title !== "string" && typeof title !== "number") throw invalid(`For 'properties/title', ${JSON.stringify(title)} is not a string or integer.`);
    const t = String(title).trim();
    if (!t) throw validationFailed([{ resource: "Issue", code: "missing_field", field: "title" }]);
    if (t.length > MAX_TITLE) throw validationFailed([{ resource: "Issue", code: "custom", field: "title", message: `title is too long (maximum is ${MAX_TITLE} characters)` }]);
    i.title = String(title);
  }
  if (text !== undefined) {
    if (text !== null && typeof text !== "string") throw invalid(`For 'properties/body', ${JSON.stringify(text)} is not a string or null.`);
    if (typeof text === "string" && text.length > MAX_BODY) throw validationFailed([{ resource: "Issue", code: "custom", field: "body", message: `body is too long (maximum is ${MAX_BODY} characters)` }]);
    i.body = text;
  }
  if (labels !== undefined) {
    if (!Array.isArray(labels)) throw invalid(`For 'properties/labels', ${JSON.stringify(labels)} is not an array.`);
    i.labels = labels.map((l: unknown) => (typeof l === "string" ? l : String((l as { name?: unknown })?.name ?? ""))).filter(Boolean);
  }
  if (assignees !== undefined) {
    if (!Array.isArray(assignees) || !assignees.every((a) => typeof a === "string")) throw invalid(`For 'properties/assignees', ${JSON.stringify(assignees)} is not an array of strings.`);
    i.assignees = assignees as string[];
  }
  if (state !== undefined && state !== "open" && state !== "closed") throw validationFailed([{ resource: "Issue", code: "invalid", field: "state" }]);
  const reasons = ["completed", "not_planned", "reopened", "duplicate", null];
  if (state_reason !== undefined && !reasons.includes(state_reason as string | null)) throw validationFailed([{ resource: "Issue", code: "invalid", field: "state_reason" }]);
}

function listIssues(ctx: Ctx) {
  const repo = requireRepo(ctx, "issues");
  const state = ctx.query.get("state") ?? "open";
  const labels = (ctx.query.get("labels") ?? "").split(",").map((l) => l.trim().toLowerCase()).filter(Boolean);
  const creator = ctx.query.get("creator");
  const since = ctx.query.get("since");
  const sort = ctx.query.get("sort") ?? "created";
  const dir = ctx.query.get("direction") === "asc" ? 1 : -1;
  const key = (i: FakeIssue) => (sort === "updated" ? i.updatedAt : i.createdAt);
  const list = ctx.fake.state.issues
    .filter((i) => i.repo === `${repo.owner}/${repo.name}` && (state === "all" || i.state === state))
    .filter((i) => labels.every((l) => i.labels.some((x) => x.toLowerCase() === l)))
    .filter((i) => (!creator || i.user === creator) && (!since || i.updatedAt >= since))
    .sort((a, b) => dir * (key(a).localeCompare(key(b)) || a.number - b.number));
  return arrayReply(ctx, list, (i) => renderIssue(ctx.fake, i));
}

function createIssue(ctx: Ctx) {
  const repo = requireRepo(ctx, "issues", "write");
  const full = `${repo.owner}/${repo.name}`;
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  if (typeof body !== "object" || Array.isArray(body)) throw invalid("Body should be a JSON object");
  const now = iso(Date.now());
  const number = Math.max(0, ...ctx.fake.state.issues.filter((i) => i.repo === full).map((i) => i.number)) + 1;
  const issue: FakeIssue = { id: ctx.fake.state.nextId(), repo: full, number, title: "", body: null, state: "open", stateReason: null, labels: [], user: ctx.token!.login, assignees: [], locked: false, createdAt: now, updatedAt: now, closedAt: null, closedBy: null };
  applyFields(issue, body, true);
  ctx.fake.state.issues.push(issue);
  return { status: 201, headers: { location: `${ctx.fake.apiUrl}/repos/${full}/issues/${number}` }, body: renderIssue(ctx.fake, issue) };
}

function updateIssue(ctx: Ctx) {
  const issue = issueOf(ctx, "write");
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const draft = { ...issue };
  applyFields(draft, body, false);
  const now = iso(Date.now());
  if (body.state === "closed" && issue.state === "open") Object.assign(draft, { state: "closed", closedAt: now, closedBy: ctx.token!.login, stateReason: body.state_reason ?? "completed" });
  if (body.state === "open" && issue.state === "closed") Object.assign(draft, { state: "open", closedAt: null, closedBy: null, stateReason: "reopened" });
  Object.assign(issue, draft, { updatedAt: now });
  return { status: 200, body: renderIssue(ctx.fake, issue) };
}

function commentText(body: unknown): string {
  const text = (body as { body?: unknown } | undefined)?.body;
  if (text === undefined) throw invalid(`For 'properties/body', nil is not a string.`);
  if (typeof text !== "string") throw invalid(`For 'properties/body', ${JSON.stringify(text)} is not a string.`);
  if (!text.trim()) throw validationFailed([{ resource: "IssueComment", code: "missing_field", field: "body" }]);
  if (text.length > MAX_BODY) throw validationFailed([{ resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${MAX_BODY} characters)` }]);
  return text;
}

function createComment(ctx: Ctx) {
  const issue = issueOf(ctx, "write");
  const now = iso(Date.now());
  const c = { id: ctx.fake.state.nextId(), repo: issue.repo, issueNumber: issue.number, body: commentText(ctx.body), user: ctx.token!.login, createdAt: now, updatedAt: now };
  ctx.fake.state.comments.push(c);
  issue.updatedAt = now;
  return { status: 201, headers: { location: `${ctx.fake.apiUrl}/repos/${issue.repo}/issues/comments/${c.id}` }, body: renderComment(ctx.fake, c) };
}

function commentOf(ctx: Ctx, level: "read" | "write") {
  const repo = requireRepo(ctx, "issues", level);
  const c = ctx.fake.state.comments.find((x) => x.id === idParam(ctx, "comment_id") && x.repo === `${repo.owner}/${repo.name}`);
  if (!c) throw notFound();
  return c;
}

/** `GET /search/issues`: issues and pull requests of the repositories the token can read (see `parseIssueQuery`). */
function searchIssues(ctx: Ctx) {
  const q = ctx.query.get("q");
  if (!q) throw validationFailed([{ resource: "Search", field: "q", code: "missing" }]);
  const query = parseIssueQuery(q);
  const token = ctx.token!;
  for (const r of query.repos) {
    const repo = findRepo(ctx.fake.state, r);
    if (!repo || !canSee(token, repo)) {
      throw validationFailed([{ message: "The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.", resource: "Search", field: "q", code: "invalid" }]);
    }
  }
  const { state } = ctx.fake;
  const sort = ctx.query.get("sort");
  const dir = ctx.query.get("order") === "asc" ? 1 : -1;
  const key = (i: FakeIssue) => (sort === "created" ? i.createdAt : i.updatedAt);
  const hits = state.issues
    .filter((i) => {
      const repo = findRepo(state, i.repo);
      return repo && canSee(token, repo) && hasPermission(token, i.pull ? "pull_requests" : "issues", "read");
    })
    .filter((i) => matchesIssue(query, i, state.comments.filter((c) => c.repo === i.repo && c.issueNumber === i.number).map((c) => c.body)))
    .sort((a, b) => dir * (key(a).localeCompare(key(b)) || a.id - b.id));
  const page = arrayReply(ctx, hits, (i) => renderSearchItem(ctx.fake, i));
  const body = { ...fixture("issue-search-result", ctx.fake.apiUrl), total_count: hits.length, incomplete_results: false, items: page.body };
  return { status: 200, headers: page.headers, body };
}

const R = "/repos/:owner/:repo/issues";

/** Issues, issue comments and issue search. Reads need `issues: read`, writes `issues: write`. */
export const issueRoutes: Route[] = [
  route("GET", "/search/issues", "token", searchIssues),
  route("GET", R, "token", listIssues),
  route("POST", R, "token", createIssue),
  route("GET", `${R}/comments/:comment_id`, "token", (ctx) => ({ status: 200, body: renderComment(ctx.fake, commentOf(ctx, "read")) })),
  route("PATCH", `${R}/comments/:comment_id`, "token", (ctx) => {
    const c = commentOf(ctx, "write");
    Object.assign(c, { body: commentText(ctx.body), updatedAt: iso(Date.now()) });
    return { status: 200, body: renderComment(ctx.fake, c) };
  }),
  route("GET", `${R}/:issue_number`, "token", (ctx) => ({ status: 200, body: renderIssue(ctx.fake, issueOf(ctx, "read")) })),
  route("PATCH", `${R}/:issue_number`, "token", updateIssue),
  route("GET", `${R}/:issue_number/comments`, "token", (ctx) => {
    const i = issueOf(ctx, "read");
    const since = ctx.query.get("since");
    const list = ctx.fake.state.comments.filter((c) => c.repo === i.repo && c.issueNumber === i.number && (!since || c.updatedAt >= since)).sort((a, b) => a.id - b.id);
    return arrayReply(ctx, list, (c) => renderComment(ctx.fake, c));
  }),
  route("POST", `${R}/:issue_number/comments`, "token", createComment),
];
