import { AppError, isAppError } from "@/lib/errors";
import { isPolicyRefusal } from "@/lib/net/policy-refusal";
import { toSafeText } from "@/lib/safe-text";

type GitHubErrorLike = { status?: number; message?: string; response?: { headers?: Record<string, string | number | undefined>; data?: unknown } };

const header = (e: GitHubErrorLike, name: string) => {
  const v = e.response?.headers?.[name];
  return v === undefined ? undefined : String(v);
};

/** GitHub's own message from an error body (`{ message, errors }`), bounded and safe. */
function githubMessage(e: GitHubErrorLike): string {
  const data = e.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const message = typeof data?.message === "string" ? data.message : "";
  const details = Array.isArray(data?.errors)
    ? data.errors
        .map((x) => (typeof x === "string" ? x : [x?.resource, x?.field, x?.code, x?.message].filter((p) => typeof p === "string").join(" ")))
        .filter(Boolean)
        .join("; ")
    : "";
  return toSafeText([message, details].filter(Boolean).join(": ")).slice(0, 300);
}

/**
 * Seconds until a GitHub rate limit lifts, from the response: `retry-after` (secondary limits), else
 * `x-ratelimit-reset` (primary limit, epoch seconds) when `x-ratelimit-remaining` is 0; null when it is not a limit.
 * Follows GitHub's "Rate limits for the REST API" (troubleshooting: "exceeding the rate limit").
 */
export function rateLimitRetryAfter(e: GitHubErrorLike, now = Date.now()): number | null {
  if (e.status !== 403 && e.status !== 429) return null;
  const retryAfter = header(e, "retry-after");
  if (retryAfter && /^\d+$/.test(retryAfter)) return Math.max(1, Number(retryAfter));
  if (header(e, "x-ratelimit-remaining") === "0") {
    const reset = Number(header(e, "x-ratelimit-reset"));
    return Number.isFinite(reset) ? Math.max(1, Math.ceil(reset - now / 1000)) : 60;
  }
  return /secondary rate limit|abuse/i.test(githubMessage(e)) ? 60 : null;
}

/**
 * Map a GitHub client error to an `AppError` that says what to fix, never quoting a token or a request header:
 * 401 → `UNAUTHORIZED`; 403/429 rate limits → `RATE_LIMITED` with `retry_after_seconds`; 403 for a missing permission →
 * `FORBIDDEN` naming the permission GitHub asked for (`x-accepted-github-permissions`) and the repo; other 403 →
 * `FORBIDDEN`; 404 → `NOT_FOUND` (GitHub answers 404 for private repositories the credentials cannot see); 410 →
 * `NOT_FOUND` (gone/expired); 422 → `VALIDATION_ERROR` with GitHub's reasons; a connection the URL policy refused →
 * `URL_NOT_ALLOWED`; anything else (5xx, network) → `UPSTREAM_ERROR`. An `AppError` passes through.
 * @param o.target what was being read, for the message (`acme/web`, `job 123 of acme/web`).
 */
export function mapGitHubError(e: unknown, o: { target: string }): AppError {
  if (isAppError(e)) return e;
  if (isPolicyRefusal(e)) return new AppError("URL_NOT_ALLOWED", `A GitHub download for ${o.target} was redirected to a host the URL policy refuses (GITHUB_URL_ALLOWLIST).`);
  const err = (e ?? {}) as GitHubErrorLike;
  const said = githubMessage(err);
  const gh = said ? ` GitHub said: "${said}".` : "";
  const retryAfter = rateLimitRetryAfter(err);
  if (retryAfter !== null) {
    return new AppError("RATE_LIMITED", `GitHub's rate limit for these credentials is exhausted; retry in ${retryAfter} s.${gh}`, { retry_after_seconds: retryAfter });
  }
  switch (err.status) {
    case 401:
      return new AppError("UNAUTHORIZED", `GitHub refused the credentials for ${o.target}: the token is invalid, expired or revoked. Update GITHUB_TOKEN / the GitHub App, or the credentials in the console's Settings.${gh}`);
    case 403: {
      const wanted = header(err, "x-accepted-github-permissions");
      if (wanted) {
        const perms = wanted.split(/[;,]\s*/).map((p) => p.replace("=", ":")).join(" or ");
        return new AppError("FORBIDDEN", `The GitHub credentials lack the \`${perms}\` permission on ${o.target}. Grant it to the fine-grained token or the GitHub App installation.${gh}`, { required_permissions: perms });
      }
      return new AppError("FORBIDDEN", `GitHub refused access to ${o.target}.${gh}`);
    }
    case 404:
      return new AppError("NOT_FOUND", `${o.target} was not found on GitHub, or the credentials cannot see it (GitHub answers 404 for private repositories a token cannot access).`);
    case 410:
      return new AppError("NOT_FOUND", `${o.target} is gone on GitHub (deleted or expired).${gh}`);
    case 422:
      return new AppError("VALIDATION_ERROR", `GitHub refused the request for ${o.target} as invalid.${gh}`);
    default:
      return new AppError("UPSTREAM_ERROR", `GitHub did not answer the request for ${o.target} (${err.status ? `HTTP ${err.status}` : "no response"}); try again later.`);
  }
}
