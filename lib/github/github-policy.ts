import type { Env } from "@/lib/env";
import type { UrlPolicy } from "@/lib/net/url-policy";

/**
 * The URL policy of every connection to GitHub: the API host of `GITHUB_API_URL` is trusted (an operator configured
 * it; on GitHub Enterprise Server it may be on a private network), and the hosts GitHub redirects log and artifact
 * downloads to must be public — or, when `GITHUB_URL_ALLOWLIST` is set, on it (GHES with private blob storage, tests).
 */
export function githubUrlPolicy(env: Env): UrlPolicy {
  const api = new URL(env.githubApiUrl);
  const port = api.port || (api.protocol === "https:" ? "443" : "80");
  // `hostname` keeps IPv6 brackets, the form policy entries use (`[fd00::1]:443`).
  return { allowlist: env.GITHUB_URL_ALLOWLIST, denylist: [], trusted: [`${api.hostname}:${port}`], allowlistName: "GITHUB_URL_ALLOWLIST", denylistName: "(none)" };
}
