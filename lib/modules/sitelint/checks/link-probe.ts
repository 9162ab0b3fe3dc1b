import type { NetworkGuard } from "@/lib/net/network-guard";
import { isPolicyRefusal } from "@/lib/net/policy-refusal";

/**
 * Result of checking one link target: `ok` (< 400), `broken` (≥ 400), `blocked` (401/403/429/999 — the server
 * refuses bots; linkinator's most reported false positive), `unreachable` (network error/timeout), `skipped` (the
 * URL policy refuses the target or a redirect hop — not the site's fault).
 */
export type LinkOutcome = {
  kind: "ok" | "broken" | "blocked" | "unreachable" | "skipped";
  status?: number;
  method?: "HEAD" | "GET";
  finalUrl?: string;
  error?: string;
};

export const BLOCKED_STATUSES: ReadonlySet<number> = new Set([401, 403, 429, 999]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const USER_AGENT = "Mozilla/5.0 (compatible; OmniAuditBot/0.1; +link-check)";

type ProbeOptions = { net: NetworkGuard; timeoutMs: number };

/**
 * Follow redirects by hand (to report the final URL and bound the hops). Every hop's connection goes through the
 * network guard, which refuses non-allowed addresses where the socket opens — a public page cannot bounce the checker
 * to 169.254.169.254 or an intranet host.
 */
async function fetchFollowing(url: string, method: "HEAD" | "GET", o: ProbeOptions): Promise<{ status: number; finalUrl: string }> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await o.net.fetch(current, {
      method,
      redirect: "manual",
      headers: { "user-agent": USER_AGENT, accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    // Only the status matters; release the connection instead of downloading the body.
    await res.body?.cancel().catch(() => undefined);
    const location = res.headers.get("location");
    if (!REDIRECTS.has(res.status) || !location) return { status: res.status, finalUrl: current };
    current = new URL(location, current).href;
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects`);
}

function describeError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) return `timed out after ${timeoutMs} ms`;
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
  return `${e instanceof Error ? e.message : String(e)}${cause}`.slice(0, 300);
}

/**
 * Check one target: HEAD first, then GET when HEAD fails or answers ≥ 400 (servers that mishandle HEAD answer 405,
 * 501, or even 404/403 while GET works — a GET retry costs one request per bad link and removes those false positives).
 * @param timeoutMs per request (per redirect hop), ms. Never throws.
 */
export async function probeLink(url: string, o: ProbeOptions): Promise<LinkOutcome> {
  let headError: string | undefined;
  for (const method of ["HEAD", "GET"] as const) {
    try {
      const { status, finalUrl } = await fetchFollowing(url, method, o);
      if (method === "HEAD" && status >= 400) continue;
      const kind = status < 400 ? "ok" : BLOCKED_STATUSES.has(status) ? "blocked" : "broken";
      return { kind, status, method, finalUrl };
    } catch (e) {
      if (isPolicyRefusal(e)) return { kind: "skipped", error: "not allowed by the URL policy" };
      headError = describeError(e, o.timeoutMs);
      if (method === "GET") return { kind: "unreachable", method, error: headError };
    }
  }
  return { kind: "unreachable", error: headError ?? "no response" };
}
