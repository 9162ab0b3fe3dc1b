import robotsParser from "robots-parser";
import { readTextLimited } from "@/lib/net/guarded-fetch";
import type { NetworkGuard } from "@/lib/net/network-guard";
import { isPolicyRefusal } from "@/lib/net/policy-refusal";

/** Product token SiteLint matches in robots.txt groups (RFC 9309 §2.2.1). */
export const ROBOTS_USER_AGENT = "OmniAuditBot";

/** RFC 9309 §2.5: crawlers must parse at least 500 KiB; we stop there. */
const MAX_ROBOTS_BYTES = 500 * 1024;
/** RFC 9309 §2.3.1.2: follow at least five consecutive redirects. */
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * What fetching robots.txt produced, as plain JSON (a durable step's result, replayed on resume without re-fetching).
 * `text` is the file (≤ 500 KiB) when it answered 2xx. `unreachable`: 429, 5xx, a network error or a timeout — RFC 9309
 * §2.3.1.4 "complete disallow".
 */
export type RobotsFetch = { url: string; found: boolean; status?: number; note?: string; text?: string; unreachable?: boolean };

export type RobotsRules = {
  /** A robots.txt answered 2xx and was parsed. */
  found: boolean;
  /** HTTP status of `/robots.txt`, when one was received. */
  status?: number;
  /** robots.txt could not be read (429, 5xx, network error, timeout): every same-origin URL is disallowed. */
  unreachable: boolean;
  /** Why the rules are what they are although no file was parsed: disallow-all (unreachable) or allow-all after a
   * refused or looping redirect. Absent for a plain 4xx (allow-all, nothing to say) and for a parsed file. */
  note?: string;
  /** Whether OmniAuditBot may fetch `url`; `true` for URLs on another origin (their robots.txt governs them). */
  isAllowed(url: string): boolean;
  /** `Sitemap:` URLs listed in the file (absolute, as written). */
  sitemaps: string[];
};

const unreachable = (url: string, what: string, status?: number): RobotsFetch => ({
  url,
  found: false,
  unreachable: true,
  ...(status !== undefined ? { status } : {}),
  note: `robots.txt ${what}; RFC 9309 §2.3.1.4 says to assume complete disallow, so no page was audited. Scan again once ${new URL(url).host}/robots.txt answers (2xx, or 4xx for "no rules").`,
});

/**
 * Fetch `<origin>/robots.txt` (RFC 9309) through the job's network guard: redirects followed by hand up to five hops
 * (each connection policy-checked where it opens), body capped at 500 KiB (§2.5).
 *
 * - 2xx: the text, for {@link parseRobots}.
 * - 4xx other than 429: "unavailable" → allow all (§2.3.1.3).
 * - 429, 5xx, network error, timeout: "unreachable" → complete disallow (§2.3.1.4); `unreachable: true` with a note.
 *   429 counts as a server error here, as Google's crawler treats it: the site asked to be left alone.
 * - More than five redirects (§2.3.1.2 "MAY assume unavailable") or a hop the URL policy refuses (SiteLint will not
 *   connect there; not the site being down): unavailable → allow all, said in `note`.
 *
 * @param origin `https://example.com` (a trailing path is ignored). @param timeoutMs whole request budget, ms.
 * @returns the outcome; never throws.
 */
export async function fetchRobots(origin: string, net: NetworkGuard, timeoutMs = 10_000): Promise<RobotsFetch> {
  const url = new URL("/robots.txt", origin).href;
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const res = await net.fetch(current, { redirect: "manual", headers: { "user-agent": `${ROBOTS_USER_AGENT}/0.1`, accept: "text/plain,*/*;q=0.5" }, signal });
      const location = res.headers.get("location");
      if (REDIRECTS.has(res.status) && location) {
        await res.body?.cancel().catch(() => undefined);
        if (hop >= MAX_REDIRECTS) return { url, found: false, note: `robots.txt redirected more than ${MAX_REDIRECTS} times; treated as unavailable (allow-all, RFC 9309 §2.3.1.2).` };
        current = new URL(location, current).href;
        continue;
      }
      if (res.status >= 400) {
        await res.body?.cancel().catch(() => undefined);
        return res.status >= 500 || res.status === 429 ? unreachable(url, `answered ${res.status}`, res.status) : { url, found: false, status: res.status };
      }
      return { url, found: true, status: res.status, text: (await readTextLimited(res, MAX_ROBOTS_BYTES)).text };
    }
  } catch (e) {
    if (isPolicyRefusal(e)) return { url, found: false, note: "robots.txt redirected to a host the URL policy refuses; treated as unavailable (allow-all, RFC 9309 §2.3.1.3)." };
    const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
    return unreachable(url, timedOut ? `timed out after ${timeoutMs} ms` : "could not be fetched (network error)");
  }
}

/**
 * Rules for {@link ROBOTS_USER_AGENT} from a fetch outcome: robots-parser (longest match wins, `Allow` beats `Disallow`
 * on ties, `*` and `$` wildcards); disallow-all for the origin when robots.txt was unreachable (RFC 9309 §2.3.1.4);
 * allow-all when no file was found (§2.3.1.3).
 */
export function parseRobots(f: RobotsFetch): RobotsRules {
  const origin = new URL(f.url).origin;
  if (f.unreachable) {
    return { found: false, status: f.status, unreachable: true, note: f.note, isAllowed: (u) => new URL(u).origin !== origin, sitemaps: [] };
  }
  if (!f.found || f.text === undefined) return { found: false, status: f.status, unreachable: false, note: f.note, isAllowed: () => true, sitemaps: [] };
  const robots = robotsParser(f.url, f.text);
  return {
    found: true,
    status: f.status,
    unreachable: false,
    // robots-parser answers undefined for URLs outside robots.txt's origin.
    isAllowed: (u) => robots.isAllowed(u, ROBOTS_USER_AGENT) ?? true,
    sitemaps: robots.getSitemaps(),
  };
}
