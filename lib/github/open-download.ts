import "server-only";
import type { Response } from "undici";
import { AppError } from "@/lib/errors";
import type { NetworkGuard } from "@/lib/net/network-guard";
import type { RepoClient } from "./github-access";
import { mapGitHubError } from "./map-github-error";

/** How long a blob download may take in all, ms (a 512 MiB artifact at ~10 MB/s fits). */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * Open a download GitHub serves by redirect (job logs, artifact zips): ask the API endpoint with redirects off, then
 * fetch the short-lived `Location` at once — without the GitHub credentials (blob storage must never see the token)
 * and through `net`, so the redirect target passes the URL policy where its socket opens. GitHub's artifact URLs
 * expire after about a minute; a blob answer of 401/403/404 (expired or revoked signature) is retried once with a
 * freshly resolved URL.
 * @returns the blob response (status 200, body unread).
 * @throws AppError mapped from the API's answer (`NOT_FOUND`, `FORBIDDEN`, `RATE_LIMITED`, …); `UPSTREAM_ERROR` when the
 *   blob storage refuses even a fresh URL or GitHub answers without a redirect; `URL_NOT_ALLOWED` for a refused host.
 */
export async function openRedirectedDownload(
  client: RepoClient,
  net: NetworkGuard,
  o: { route: string; params: Record<string, unknown>; target: string },
): Promise<Response> {
  for (let attempt = 0; attempt < 2; attempt++) {
    let location: string | undefined;
    try {
      const res = await client.octokit.request(o.route, { owner: client.owner, repo: client.repo, ...o.params, request: { redirect: "manual" } });
      location = typeof res.headers.location === "string" ? res.headers.location : undefined;
    } catch (e) {
      throw mapGitHubError(e, { target: o.target });
    }
    if (!location) throw new AppError("UPSTREAM_ERROR", `GitHub did not answer the download of ${o.target} with a redirect to its storage.`);
    let blob: Response;
    try {
      blob = await net.fetch(location, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    } catch (e) {
      throw mapGitHubError(e, { target: o.target });
    }
    if (blob.ok) return blob;
    await blob.body?.cancel().catch(() => undefined);
    if (attempt === 0 && [401, 403, 404].includes(blob.status)) continue;
    throw new AppError("UPSTREAM_ERROR", `GitHub's storage refused the download of ${o.target} (HTTP ${blob.status}${attempt ? ", even with a fresh URL" : ""}); the download URL may have expired — try again.`);
  }
  throw new AppError("UPSTREAM_ERROR", `Could not download ${o.target}.`);
}
