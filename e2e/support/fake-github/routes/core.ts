import { canSee, forbidden, requireRepo } from "../access";
import { fixture, type Json } from "../fixtures";
import { arrayReply, type Ctx, errorBody, HttpError, idParam, listReply, notFound, type Route, route } from "../http";
import { renderPull } from "../render-issues";
import { renderRepo, renderUser } from "../render-repos";

/** `GET /rate_limit`: GitHub's `rate-limit-overview` with the fake's core limit in `resources.core` and `rate`. */
function rateLimit(ctx: Ctx) {
  const { limit, remaining, reset } = ctx.fake.state.rateLimit;
  const core = { limit, used: limit - remaining, remaining, reset };
  const body = fixture("rate-limit-overview", ctx.fake.apiUrl);
  (body.resources as Json).core = core;
  body.rate = core;
  return { status: 200, body };
}

/** `GET /user`: the PAT's user (an installation token gets GitHub's 403). */
function currentUser(ctx: Ctx) {
  if (ctx.token!.kind === "installation") throw forbidden(ctx.token);
  return { status: 200, body: renderUser(ctx.fake, ctx.token!.login, "private-user") };
}

function pulls(ctx: Ctx) {
  const repo = requireRepo(ctx, "pull_requests");
  const full = `${repo.owner}/${repo.name}`;
  const state = ctx.query.get("state") ?? "open";
  if (!["open", "closed", "all"].includes(state)) {
    throw new HttpError(422, { message: "Validation Failed", errors: [{ resource: "PullRequest", field: "state", code: "invalid" }], documentation_url: "https://docs.github.com/rest/pulls/pulls#list-pull-requests", status: "422" });
  }
  const head = ctx.query.get("head");
  const base = ctx.query.get("base");
  const direction = ctx.query.get("direction") ?? "desc";
  const list = ctx.fake.state.issues
    .filter((i) => i.repo === full && i.pull && (state === "all" || i.state === state))
    .filter((i) => !head || `${repo.owner}:${i.pull!.headRef}` === head || i.pull!.headRef === head)
    .filter((i) => !base || i.pull!.baseRef === base)
    .sort((a, b) => (direction === "asc" ? a.number - b.number : b.number - a.number));
  return arrayReply(ctx, list, (i) => renderPull(ctx.fake, i, "pull-request-simple"));
}

function pull(ctx: Ctx) {
  const repo = requireRepo(ctx, "pull_requests");
  const n = idParam(ctx, "pull_number");
  const i = ctx.fake.state.issues.find((x) => x.repo === `${repo.owner}/${repo.name}` && x.number === n && x.pull);
  if (!i) throw notFound();
  return { status: 200, body: renderPull(ctx.fake, i) };
}

/** `GET /installation/repositories`: the repositories an installation token reaches. */
function installationRepos(ctx: Ctx) {
  const token = ctx.token!;
  if (token.kind !== "installation") throw new HttpError(403, errorBody(403, "You must authenticate with an installation access token in order to list repositories for an installation."));
  const repos = [...ctx.fake.state.repos.values()].filter((r) => canSee(token, r));
  const selection = token.repos ? "selected" : "all";
  return listReply(ctx, "repositories", repos, (r) => renderRepo(ctx.fake, r, "repository"), { repository_selection: selection });
}

/** `DELETE /installation/token`: revoke the installation token used. */
function revokeToken(ctx: Ctx) {
  if (ctx.token!.kind !== "installation") throw forbidden(ctx.token);
  ctx.token!.revoked = true;
  return { status: 204 };
}

/** Root, rate limit, the current user, repositories and pull requests. */
export const coreRoutes: Route[] = [
  route("GET", "/", "none", (ctx) => ({ status: 200, body: fixture("root", ctx.fake.apiUrl) })),
  route("GET", "/rate_limit", "none", rateLimit),
  route("GET", "/user", "token", currentUser),
  route("GET", "/installation/repositories", "token", installationRepos),
  route("DELETE", "/installation/token", "token", revokeToken),
  route("GET", "/repos/:owner/:repo", "token", (ctx) => ({ status: 200, body: renderRepo(ctx.fake, requireRepo(ctx, "metadata")) })),
  route("GET", "/repos/:owner/:repo/pulls", "token", pulls),
  route("GET", "/repos/:owner/:repo/pulls/:pull_number", "token", pull),
];
