import { type Ctx, DOCS, HttpError, notFound } from "./http";
import type { Access, FakeRepo, FakeState, FakeToken } from "./state";

/** The repository by `owner/name`, case-insensitively as GitHub resolves it. */
export function findRepo(state: FakeState, fullName: string): FakeRepo | undefined {
  const exact = state.repos.get(fullName);
  if (exact) return exact;
  const lower = fullName.toLowerCase();
  for (const [k, r] of state.repos) if (k.toLowerCase() === lower) return r;
  return undefined;
}

/** Whether the token was granted the repository (GitHub hides the others behind 404). */
export function canSee(token: FakeToken | null, repo: FakeRepo): boolean {
  if (!token) return false;
  const full = `${repo.owner}/${repo.name}`.toLowerCase();
  if (token.repos) return token.repos.some((r) => r.toLowerCase() === full);
  return !token.owner || token.owner.toLowerCase() === repo.owner.toLowerCase();
}

/** Whether the token holds `permission` at `level` (`write` implies `read`; `metadata: read` is always granted). */
export function hasPermission(token: FakeToken, permission: string, level: Access): boolean {
  if (!token.permissions) return true;
  if (permission === "metadata" && level === "read") return true;
  const held = token.permissions[permission];
  return held === "write" || (level === "read" && held === "read");
}

/** 403 for a missing fine-grained permission, worded as GitHub words it for the kind of token. */
export function forbidden(token: FakeToken | null): HttpError {
  const who = token?.kind === "installation" ? "integration" : "personal access token";
  return new HttpError(403, { message: `Resource not accessible by ${who}`, documentation_url: DOCS, status: "403" });
}

/**
 * The repository of `:owner/:repo`, checked as GitHub checks it: unknown or not granted → 404 `Not Found`; granted
 * without `permission` at `level` → 403 with `x-accepted-github-permissions: <permission>=<level>`.
 */
export function requireRepo(ctx: Ctx, permission: string, level: Access = "read"): FakeRepo {
  const repo = findRepo(ctx.fake.state, `${ctx.params.owner}/${ctx.params.repo}`);
  if (!repo || !canSee(ctx.token, repo)) throw notFound();
  ctx.accepted = `${permission}=${level}`;
  if (!ctx.token || !hasPermission(ctx.token, permission, level)) throw forbidden(ctx.token);
  return repo;
}

/** The token record for a credential, or null when unknown, revoked or expired. */
export function liveToken(state: FakeState, credential: string | null, now = Date.now()): FakeToken | null {
  if (!credential) return null;
  const t = state.tokens.get(credential);
  if (!t || t.revoked || (t.expiresAt !== undefined && t.expiresAt <= now)) return null;
  return t;
}
