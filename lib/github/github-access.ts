import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createNetworkGuard, type NetworkGuard } from "@/lib/net/network-guard";
import { createOctokit, type Octokit } from "./create-octokit";
import { resolveGitHubCredentials, type GitHubCredentials } from "./credentials";
import { githubUrlPolicy } from "./github-policy";
import { mapGitHubError } from "./map-github-error";

const REPO_RE = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** `owner/name` split and checked (GitHub's owner and repository name rules). @throws AppError `VALIDATION_ERROR`. */
export function parseRepo(repo: string): { owner: string; repo: string } {
  const m = REPO_RE.exec(repo);
  if (!m || m[2] === "." || m[2] === "..") throw new AppError("VALIDATION_ERROR", `repo must be "owner/name" (got ${JSON.stringify(repo.slice(0, 100))}).`, { field: "repo" });
  return { owner: m[1]!, repo: m[2]! };
}

/** A client for one repository's owner, with the credentials it uses (never the secret itself). */
export type RepoClient = { octokit: Octokit; owner: string; repo: string; auth: "pat" | "app" };

/**
 * GitHub for tool handlers (`ctx.github`), created in one place (the runtime) per call: resolves the credentials in
 * force, and for a GitHub App the installation of each repository's owner (cached 10 minutes; installation tokens
 * are cached by `@octokit/auth-app`). Every connection goes through {@link GitHubAccess.net}.
 */
export type GitHubAccess = {
  /** A client for `owner/name`. @throws AppError `UNAUTHORIZED` when GitHub is not connected; `NOT_FOUND` when the App is not installed there. */
  forRepo(repo: string): Promise<RepoClient>;
  /** The guard for downloads GitHub redirects to blob storage (logs, artifacts). */
  net: NetworkGuard;
};

type Cached = { fingerprint: string; octokits: Map<string, Octokit>; installations: Map<string, { id: number; at: number }> };
const g = globalThis as unknown as { __omniauditGitHub?: Cached };
const INSTALLATION_TTL_MS = 10 * 60_000;

const fingerprintOf = (c: GitHubCredentials, env: Env) =>
  createHash("sha256").update(JSON.stringify([env.githubApiUrl, env.GITHUB_URL_ALLOWLIST, env.GITHUB_RATE_LIMIT_MAX_WAIT_SECONDS, c])).digest("hex");

/** Forget cached clients and installations (tests; credentials changed in Settings). */
export function resetGitHubClients(): void {
  g.__omniauditGitHub = undefined;
}

/** Build the {@link GitHubAccess} of one call. Nothing is read until `forRepo` is called. */
export function createGitHubAccess(o: { db: Db; env: Env }): GitHubAccess {
  const net = createNetworkGuard({ policy: githubUrlPolicy(o.env) });
  const cache = async (): Promise<{ creds: GitHubCredentials; cached: Cached }> => {
    const creds = await resolveGitHubCredentials(o.db, o.env);
    if (!creds) {
      throw new AppError("UNAUTHORIZED", "GitHub is not connected: set GITHUB_TOKEN (a fine-grained token) or a GitHub App (GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY), or store one in the console's Settings.");
    }
    const fingerprint = fingerprintOf(creds, o.env);
    if (g.__omniauditGitHub?.fingerprint !== fingerprint) g.__omniauditGitHub = { fingerprint, octokits: new Map(), installations: new Map() };
    return { creds, cached: g.__omniauditGitHub };
  };
  const make = (auth: Parameters<typeof createOctokit>[0]["auth"]) =>
    createOctokit({ baseUrl: o.env.githubApiUrl, auth, net: createNetworkGuard({ policy: githubUrlPolicy(o.env) }), maxRateLimitWaitSeconds: o.env.GITHUB_RATE_LIMIT_MAX_WAIT_SECONDS });
  return {
    net,
    async forRepo(full) {
      const { owner, repo } = parseRepo(full);
      const { creds, cached } = await cache();
      if (creds.kind === "pat") {
        let octokit = cached.octokits.get("pat");
        if (!octokit) cached.octokits.set("pat", (octokit = make({ kind: "token", token: creds.token })));
        return { octokit, owner, repo, auth: "pat" };
      }
      let installationId = creds.installationId ? Number(creds.installationId) : undefined;
      if (!installationId) {
        const hit = cached.installations.get(owner.toLowerCase());
        if (hit && Date.now() - hit.at < INSTALLATION_TTL_MS) installationId = hit.id;
        else {
          let appOctokit = cached.octokits.get("app");
          if (!appOctokit) cached.octokits.set("app", (appOctokit = make({ kind: "app", appId: creds.appId, privateKey: creds.privateKey })));
          try {
            installationId = (await appOctokit.rest.apps.getRepoInstallation({ owner, repo })).data.id;
          } catch (e) {
            const mapped = mapGitHubError(e, { target: full });
            if (mapped.code === "NOT_FOUND") throw new AppError("NOT_FOUND", `The GitHub App is not installed on ${full} (or that repository does not exist). Install the App on ${owner} and grant it the repository.`);
            throw mapped;
          }
          cached.installations.set(owner.toLowerCase(), { id: installationId, at: Date.now() });
        }
      }
      const key = `installation:${installationId}`;
      let octokit = cached.octokits.get(key);
      if (!octokit) cached.octokits.set(key, (octokit = make({ kind: "installation", appId: creds.appId, privateKey: creds.privateKey, installationId })));
      return { octokit, owner, repo, auth: "app" };
    },
  };
}
