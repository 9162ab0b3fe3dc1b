import "server-only";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { toPublicError } from "@/lib/errors";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { createOctokit } from "./create-octokit";
import { resolveGitHubCredentials } from "./credentials";
import { githubUrlPolicy } from "./github-policy";
import { mapGitHubError } from "./map-github-error";

/** What "Test connection" shows: who GitHub says we are, what we may do, and the rate limit left. */
export type GitHubConnectionReport =
  | {
      ok: true;
      kind: "pat" | "app";
      source: "env" | "stored";
      api_url: string;
      identity: string;
      /** Classic token scopes (`x-oauth-scopes`); null for fine-grained tokens, which GitHub does not list. */
      scopes: string[] | null;
      /** GitHub App permissions (`permission: read|write`); installations with their own permissions. */
      permissions: Record<string, string> | null;
      installations: { id: number; account: string; repository_selection: string; permissions: Record<string, string> }[] | null;
      token_expires_at: string | null;
      rate_limit: { limit: number; remaining: number; reset_at: string } | null;
    }
  | { ok: false; kind: "pat" | "app" | null; source: "env" | "stored" | null; api_url: string; error: { code: string; message: string } };

const asRecord = (p: unknown) => Object.fromEntries(Object.entries((p ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === "string")) as Record<string, string>;

/**
 * Check the GitHub credentials in force against `GITHUB_API_URL`: a token → `GET /user` (identity, classic scopes,
 * expiry header) and `GET /rate_limit`; an App → `GET /app` (name, permissions) and `GET /app/installations`. Never
 * returns a token. Never throws: a failure is `{ ok: false, error }` with a message saying what to fix.
 */
export async function testGitHubConnection(db: Db, env: Env): Promise<GitHubConnectionReport> {
  const base = { api_url: env.githubApiUrl };
  let creds;
  try {
    creds = await resolveGitHubCredentials(db, env);
  } catch (e) {
    return { ok: false, kind: null, source: null, ...base, error: toPublicError(e) };
  }
  if (!creds) return { ok: false, kind: null, source: null, ...base, error: { code: "UNAUTHORIZED", message: "No GitHub credentials: store a token or a GitHub App here, or set GITHUB_TOKEN / GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY." } };
  const net = createNetworkGuard({ policy: githubUrlPolicy(env) });
  const auth = creds.kind === "pat" ? ({ kind: "token", token: creds.token } as const) : ({ kind: "app", appId: creds.appId, privateKey: creds.privateKey } as const);
  const octokit = createOctokit({ baseUrl: env.githubApiUrl, auth, net, maxRateLimitWaitSeconds: 0 });
  try {
    if (creds.kind === "pat") {
      const me = await octokit.request("GET /user");
      const rl = await octokit.rest.rateLimit.get().catch(() => null);
      const scopes = me.headers["x-oauth-scopes"];
      return {
        ok: true, kind: "pat", source: creds.source, ...base, identity: `${me.data.login} (${me.data.type})`,
        scopes: typeof scopes === "string" ? scopes.split(",").map((s) => s.trim()).filter(Boolean) : null,
        permissions: null, installations: null,
        token_expires_at: typeof me.headers["github-authentication-token-expiration"] === "string" ? me.headers["github-authentication-token-expiration"] : null,
        rate_limit: rl ? { limit: rl.data.resources.core.limit, remaining: rl.data.resources.core.remaining, reset_at: new Date(rl.data.resources.core.reset * 1000).toISOString() } : null,
      };
    }
    const app = (await octokit.request("GET /app")).data;
    const installations = (await octokit.request("GET /app/installations", { per_page: 100 })).data;
    return {
      ok: true, kind: "app", source: creds.source, ...base, identity: `${app?.name ?? app?.slug ?? "GitHub App"} (app ${app?.id}, owned by ${(app?.owner as { login?: string } | null)?.login ?? "?"})`,
      scopes: null, permissions: asRecord(app?.permissions),
      installations: installations.map((i) => ({ id: i.id, account: (i.account as { login?: string } | null)?.login ?? String(i.id), repository_selection: i.repository_selection, permissions: asRecord(i.permissions) })),
      token_expires_at: null, rate_limit: null,
    };
  } catch (e) {
    return { ok: false, kind: creds.kind, source: creds.source, ...base, error: toPublicError(mapGitHubError(e, { target: env.githubApiUrl })) };
  } finally {
    await net.close().catch(() => undefined);
  }
}
