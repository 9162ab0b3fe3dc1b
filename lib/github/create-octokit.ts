import "server-only";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "octokit";
import type { NetworkGuard } from "@/lib/net/network-guard";
import { getLogger } from "@/lib/observability/logger";
import { SERVER_INFO } from "@/lib/version";

export type { Octokit };

/** Authentication of one client: a token, the App itself (JWT), or one App installation. */
export type OctokitAuth =
  | { kind: "token"; token: string }
  | { kind: "app"; appId: string; privateKey: string }
  | { kind: "installation"; appId: string; privateKey: string; installationId: number };

export type CreateOctokitOptions = {
  baseUrl: string;
  auth: OctokitAuth;
  /** Every request (and redirect) goes through this guard's fetch — the URL policy is checked where sockets open. */
  net: NetworkGuard;
  /** Longest rate-limit wait accepted inside one call, seconds; longer limits fail (→ `RATE_LIMITED`). */
  maxRateLimitWaitSeconds: number;
};

/** Octokit's log, quiet: warnings go to our logger as text only (never request options, which carry headers). */
const log = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => getLogger().warn({ component: "octokit" }, String(message).slice(0, 300)),
  error: (message: string) => getLogger().error({ component: "octokit" }, String(message).slice(0, 300)),
};

/**
 * An Octokit client (REST, pagination, retry and throttling plugins — the `octokit` package) for OmniAudit:
 * - primary and secondary rate limits are honoured by the throttling plugin (`retry-after`, `x-ratelimit-reset`): a
 *   wait of at most `maxRateLimitWaitSeconds` is retried (twice at most), a longer one fails the call, which
 *   `mapGitHubError` turns into `RATE_LIMITED` with `retry_after_seconds`;
 * - 5xx and network errors are retried twice by the retry plugin (not 4xx);
 * - an installation token that GitHub rejects with 401 (revoked, expired early) is minted again once and the request
 *   repeated; `@octokit/auth-app` caches installation tokens until shortly before they expire.
 */
export function createOctokit(o: CreateOctokitOptions): Octokit {
  const canWait = (retryAfter: number, retryCount: number) => retryCount < 2 && retryAfter <= o.maxRateLimitWaitSeconds;
  const base = {
    baseUrl: o.baseUrl,
    userAgent: `OmniAudit/${SERVER_INFO.version}`,
    request: { fetch: (url: string, init: RequestInit) => o.net.fetch(url, init as never) },
    log,
    throttle: {
      onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => canWait(retryAfter, retryCount),
      onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => canWait(retryAfter, retryCount),
    },
    retry: { retries: 2, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
  };
  if (o.auth.kind === "token") return new Octokit({ ...base, auth: o.auth.token });
  const appAuth = { appId: o.auth.appId, privateKey: o.auth.privateKey };
  if (o.auth.kind === "app") return new Octokit({ ...base, authStrategy: createAppAuth, auth: appAuth });
  const installationId = o.auth.installationId;
  const octokit = new Octokit({ ...base, authStrategy: createAppAuth, auth: { ...appAuth, installationId } });
  octokit.hook.wrap("request", async (request, options) => {
    try {
      return await request(options);
    } catch (e) {
      if ((e as { status?: number }).status !== 401 || (options.request as { reminted?: boolean } | undefined)?.reminted) throw e;
      const fresh = (await octokit.auth({ type: "installation", installationId, refresh: true })) as { token: string };
      getLogger().info({ installation_id: installationId }, "GitHub refused an installation token (401); minted a new one");
      return request({ ...options, headers: { ...options.headers, authorization: `token ${fresh.token}` }, request: { ...options.request, reminted: true } });
    }
  });
  return octokit;
}
