import { canSee, forbidden, requireRepo } from "../access";
import { fixture, type Json } from "../fixtures";
import { type Ctx, errorBody, HttpError, listReply, type Route, route } from "../http";
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

/** Root, rate limit, the current user and repositories (pull requests: `routes/pulls.ts`). */
export const coreRoutes: Route[] = [
  route("GET", "/", "none", (ctx) => ({ status: 200, body: fixture("root", ctx.fake.apiUrl) })),
  route("GET", "/rate_limit", "none", rateLimit),
  route("GET", "/user", "token", currentUser),
  route("GET", "/installation/repositories", "token", installationRepos),
  route("DELETE", "/installation/token", "token", revokeToken),
  route("GET", "/repos/:owner/:repo", "token", (ctx) => ({ status: 200, body: renderRepo(ctx.fake, requireRepo(ctx, "metadata")) })),
];
