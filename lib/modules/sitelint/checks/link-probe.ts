import type { NetworkGuard } from "@/lib/net/network-guard";
import { isPolicyRefusal } from "@/lib/net/policy-refusal";
import { challengeOf } from "../classify-page-error";
import { MAX_RETRY_AFTER_MS, parseRetryAfter, type HostGate } from "../politeness";

/** One redirect hop a link check followed: the URL requested and the 3xx it answered. */
export type RedirectHop = { url: string; status: number };

/**
 * Result of checking one link target: `ok` (< 400), `broken` (≥ 400, DNS failure…), `blocked` (401/403/429/999, 503
 * with `Retry-After`, or a WAF challenge (`challengeOf`) — the server refuses or throttles bots; linkinator's most
 * reported false positive),
 * `unreachable` (network error/timeout), `skipped` (the URL policy refuses the target or a redirect hop — not the
 * site's fault). `redirects`: the hops before `finalUrl`. `retryAfterMs`: what the server asked on 429/503.
 */
export type LinkOutcome = {
  kind: "ok" | "broken" | "blocked" | "unreachable" | "skipped";
  status?: number;
  method?: "HEAD" | "GET";
  finalUrl?: string;
  redirects?: RedirectHop[];
  retryAfterMs?: number;
  /** The check waited `Retry-After` and asked again once. */
  retried?: boolean;
  error?: string;
};

export const BLOCKED_STATUSES: ReadonlySet<number> = new Set([401, 403, 429, 999]);
const THROTTLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
const USER_AGENT = "Mozilla/5.0 (compatible; OmniAuditBot/0.1; +link-check)";

export type ProbeOptions = { net: NetworkGuard; timeoutMs: number; gate?: HostGate };
type Answer = { status: number; finalUrl: string; redirects: RedirectHop[]; retryAfterMs?: number; challenge?: string };

/**
 * Follow redirects by hand (to report the chain and bound the hops). Every hop's connection goes through the network
 * guard, which refuses non-allowed addresses where the socket opens — a public page cannot bounce the checker to
 * 169.254.169.254 or an intranet host — and every request through the per-host gate (politeness).
 */
async function fetchFollowing(url: string, method: "HEAD" | "GET", o: ProbeOptions): Promise<Answer> {
  let current = url;
  const redirects: RedirectHop[] = [];
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const target = current;
    const request = async () => {
      const res = await o.net.fetch(target, {
        method,
        redirect: "manual",
        headers: { "user-agent": USER_AGENT, accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      // Only the status matters; release the connection instead of downloading the body.
      await res.body?.cancel().catch(() => undefined);
      return res;
    };
    const res = await (o.gate ? o.gate.run(target, request) : request());
    const location = res.headers.get("location");
    if (!REDIRECTS.has(res.status) || !location) {
      const retryAfterMs = THROTTLE_STATUSES.has(res.status) ? parseRetryAfter(res.headers.get("retry-after")) : undefined;
      const challenge = challengeOf({ "cf-mitigated": res.headers.get("cf-mitigated") ?? undefined, "x-amzn-waf-action": res.headers.get("x-amzn-waf-action") ?? undefined }, undefined, res.status);
      return { status: res.status, finalUrl: current, redirects, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), ...(challenge ? { challenge } : {}) };
    }
    redirects.push({ url: current, status: res.status });
    current = new URL(location, current).href;
  }
  throw new Error(`more than ${MAX_REDIRECTS} redirects`);
}

function describeError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) return `timed out after ${timeoutMs} ms`;
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
  return `${e instanceof Error ? e.message : String(e)}${cause}`.slice(0, 300);
}

const throttled = (a: Answer) => THROTTLE_STATUSES.has(a.status) && a.retryAfterMs !== undefined;

function outcomeOf(a: Answer, method: "HEAD" | "GET", retried: boolean): LinkOutcome {
  const kind = a.challenge ? "blocked" : a.status < 400 ? "ok" : BLOCKED_STATUSES.has(a.status) || throttled(a) ? "blocked" : "broken";
  return {
    kind, status: a.status, method, finalUrl: a.finalUrl,
    ...(a.redirects.length ? { redirects: a.redirects } : {}),
    ...(a.retryAfterMs !== undefined ? { retryAfterMs: a.retryAfterMs } : {}),
    ...(retried ? { retried } : {}),
    ...(a.challenge ? { error: `bot challenge: ${a.challenge}` } : {}),
  };
}

/**
 * Check one target: HEAD first, then GET when HEAD fails or answers ≥ 400 (servers that mishandle HEAD answer 405,
 * 501, or even 404/403 while GET works — a GET retry costs one request per bad link and removes those false
 * positives). A 429/503 carrying `Retry-After` (RFC 9110 §10.2.3) of at most 60 s pauses the target's host in the gate
 * for that long and asks once more with GET (no immediate GET fallback: the server asked to wait); still throttled, or
 * asking longer than 60 s, it is `blocked`.
 * @param timeoutMs per request (per redirect hop), ms. Never throws.
 */
export async function probeLink(url: string, o: ProbeOptions): Promise<LinkOutcome> {
  let headError: string | undefined;
  let retried = false;
  const retryAfterWait = async (a: Answer): Promise<Answer> => {
    retried = true;
    if (o.gate) o.gate.pause(a.finalUrl, a.retryAfterMs!);
    else await new Promise((r) => setTimeout(r, a.retryAfterMs));
    return fetchFollowing(url, "GET", o);
  };
  for (const method of ["HEAD", "GET"] as const) {
    try {
      let a = await fetchFollowing(url, method, o);
      if (throttled(a) && a.retryAfterMs! <= MAX_RETRY_AFTER_MS) {
        a = await retryAfterWait(a);
        return outcomeOf(a, "GET", retried);
      }
      if (method === "HEAD" && a.status >= 400 && !throttled(a)) continue;
      return outcomeOf(a, method, retried);
    } catch (e) {
      if (isPolicyRefusal(e)) return { kind: "skipped", error: "not allowed by the URL policy" };
      headError = describeError(e, o.timeoutMs);
      if (method === "GET" || retried) return { kind: "unreachable", method: "GET", error: headError };
    }
  }
  return { kind: "unreachable", error: headError ?? "no response" };
}
