import { randomBytes } from "node:crypto";
import { findRepo, hasPermission } from "../access";
import { fixture } from "../fixtures";
import { type Ctx, DOCS, errorBody, HttpError, idParam, iso, nodeId, notFound, type Route, route } from "../http";
import { renderRepo, renderUser, set } from "../render-repos";
import { type Access, type FakeInstallation, type Permissions, userOf } from "../state";

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ghs = () => "ghs_" + [...randomBytes(36)].map((b) => BASE62[b % 62]).join("");
const unprocessable = (message: string) => new HttpError(422, { message, documentation_url: DOCS, status: "422" });

function renderApp(ctx: Ctx) {
  const { app, apiUrl } = ctx.fake;
  return set(fixture("integration", apiUrl), {
    id: app.appId,
    slug: app.slug,
    client_id: app.clientId,
    node_id: nodeId("A", app.appId),
    owner: renderUser(ctx.fake, app.owner),
    name: app.name,
    description: "OmniAudit's GitHub App (fake)",
    external_url: apiUrl,
    html_url: `${apiUrl}/apps/${app.slug}`,
    created_at: "2024-01-10T09:00:00Z",
    updated_at: "2024-01-10T09:00:00Z",
    permissions: { actions: "read", contents: "read", issues: "write", metadata: "read", pull_requests: "read" },
    events: ["workflow_run", "pull_request"],
  });
}

function renderInstallation(ctx: Ctx, i: FakeInstallation) {
  const { app, apiUrl, state } = ctx.fake;
  const account = userOf(state, i.account);
  return set(fixture("installation", apiUrl), {
    id: i.id,
    account: renderUser(ctx.fake, i.account),
    repository_selection: i.repositorySelection,
    access_tokens_url: `${apiUrl}/app/installations/${i.id}/access_tokens`,
    repositories_url: `${apiUrl}/installation/repositories`,
    html_url: `${apiUrl}/${account.type === "Organization" ? "organizations" : "settings"}/${i.account}/settings/installations/${i.id}`,
    app_id: app.appId,
    client_id: app.clientId,
    target_id: account.id,
    target_type: account.type === "Organization" ? "Organization" : "User",
    permissions: i.permissions,
    events: ["workflow_run", "pull_request"],
    created_at: i.createdAt,
    updated_at: i.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    app_slug: app.slug,
    suspended_at: i.suspended ? i.createdAt : null,
    suspended_by: i.suspended ? renderUser(ctx.fake, i.account) : null,
  });
}

function installationOf(ctx: Ctx): FakeInstallation {
  const i = ctx.fake.state.installations.get(idParam(ctx, "installation_id"));
  if (!i) throw notFound();
  return i;
}

/** The installation on `owner` (case-insensitive), else 404. */
function installationFor(ctx: Ctx, owner: string, repo?: string): FakeInstallation {
  for (const i of ctx.fake.state.installations.values()) {
    if (i.account.toLowerCase() !== owner.toLowerCase()) continue;
    if (repo && i.repositorySelection === "selected" && !i.repos?.some((r) => r.toLowerCase() === `${owner}/${repo}`.toLowerCase())) continue;
    return i;
  }
  throw notFound();
}

/**
 * `POST /app/installations/{id}/access_tokens`: mint a `ghs_` token (201) for all the installation's repositories or
 * the `repositories` (names) / `repository_ids` asked, with the installation's permissions or a subset asked; it
 * expires after `state.installationTokenTtlMs`. Asking beyond the installation → 422, as GitHub answers.
 */
function createAccessToken(ctx: Ctx) {
  const inst = installationOf(ctx);
  if (inst.suspended) throw new HttpError(403, errorBody(403, "This installation has been suspended"));
  const { state, app } = ctx.fake;
  const body = (ctx.body ?? {}) as { repositories?: unknown; repository_ids?: unknown; permissions?: unknown };
  const asked = body.permissions as Permissions | undefined;
  const held = { login: "", kind: "installation" as const, permissions: inst.permissions };
  if (asked && Object.entries(asked).some(([p, level]) => !hasPermission(held, p, level as Access))) {
    throw unprocessable("The permissions requested are not granted to this installation.");
  }
  const allowed = [...state.repos.values()]
    .filter((r) => r.owner.toLowerCase() === inst.account.toLowerCase())
    .filter((r) => inst.repositorySelection === "all" || inst.repos?.some((x) => x.toLowerCase() === `${r.owner}/${r.name}`.toLowerCase()));
  const names = Array.isArray(body.repositories) ? (body.repositories as unknown[]).map(String) : undefined;
  const ids = Array.isArray(body.repository_ids) ? (body.repository_ids as unknown[]).map(Number) : undefined;
  let selected = inst.repositorySelection === "selected" ? allowed : undefined;
  if (names || ids) {
    const wanted = [...(names ?? []).map((n) => findRepo(state, `${inst.account}/${n}`)), ...(ids ?? []).map((id) => [...state.repos.values()].find((r) => r.id === id))];
    if (wanted.some((r) => !r || !allowed.includes(r))) throw unprocessable("There is at least one repository that does not exist or is not accessible to the parent installation.");
    selected = [...new Set(wanted)] as typeof allowed;
  }
  const token = ghs();
  const expiresAt = Date.now() + state.installationTokenTtlMs;
  const permissions = asked ?? inst.permissions;
  state.tokens.set(token, { login: `${app.slug}[bot]`, kind: "installation", permissions, repos: selected?.map((r) => `${r.owner}/${r.name}`), owner: inst.account, installationId: inst.id, expiresAt });
  const out = set(fixture("installation-token", ctx.fake.apiUrl), { token, expires_at: iso(expiresAt), permissions, repository_selection: selected ? "selected" : "all" });
  if (selected) out.repositories = selected.map((r) => renderRepo(ctx.fake, r, "repository"));
  return { status: 201, body: out };
}

/** GitHub App endpoints; all need the App's JWT (see `verifyAppJwt`). */
export const appRoutes: Route[] = [
  route("GET", "/app", "jwt", (ctx) => ({ status: 200, body: renderApp(ctx) })),
  route("GET", "/app/installations", "jwt", (ctx) => ({ status: 200, body: [...ctx.fake.state.installations.values()].map((i) => renderInstallation(ctx, i)) })),
  route("GET", "/app/installations/:installation_id", "jwt", (ctx) => ({ status: 200, body: renderInstallation(ctx, installationOf(ctx)) })),
  route("POST", "/app/installations/:installation_id/access_tokens", "jwt", createAccessToken),
  route("GET", "/repos/:owner/:repo/installation", "jwt", (ctx) => {
    if (!findRepo(ctx.fake.state, `${ctx.params.owner}/${ctx.params.repo}`)) throw notFound();
    return { status: 200, body: renderInstallation(ctx, installationFor(ctx, ctx.params.owner!, ctx.params.repo)) };
  }),
  route("GET", "/orgs/:org/installation", "jwt", (ctx) => ({ status: 200, body: renderInstallation(ctx, installationFor(ctx, ctx.params.org!)) })),
  route("GET", "/users/:username/installation", "jwt", (ctx) => ({ status: 200, body: renderInstallation(ctx, installationFor(ctx, ctx.params.username!)) })),
];
