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
 * `text` is the file (≤ 500 KiB) when it answered 2xx.
 */
export type RobotsFetch = { url: string; found: boolean; status?: number; note?: string; text?: string };

export type RobotsRules = {
  /** A robots.txt answered 2xx and was parsed. */
  found: boolean;
  /** HTTP status of `/robots.txt`, when one was received. */
  status?: number;
  /** Why the rules are allow-all although a robots.txt may exist (5xx, network error, refused redirect). */
  note?: string;
  /** Whether OmniAuditBot may fetch `url`; `true` for URLs on another origin (their robots.txt governs them). */
  isAllowed(url: string): boolean;
  /** `Sitemap:` URLs listed in the file (absolute, as written). */
  sitemaps: string[];
};

/**
 * Fetch `<origin>/robots.txt` (RFC 9309) through the job's network guard: redirects followed by hand up to five hops
 * (each connection policy-checked where it opens), body capped at 500 KiB.
 *
 * - 2xx: the text, for {@link parseRobots}.
 * - 4xx: "unavailable" → allow all (RFC 9309 §2.3.1.3).
 * - 5xx, network error, timeout or a hop the URL policy refuses: RFC 9309 §2.3.1.4 says to assume complete disallow;
 *   SiteLint audits sites on their owner's behalf, so it allows all instead and says so in `note`.
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
        if (hop >= MAX_REDIRECTS) return { url, found: false, note: `robots.txt redirected more than ${MAX_REDIRECTS} times; treated as allow-all.` };
        current = new URL(location, current).href;
        continue;
      }
      if (res.status >= 400) {
        await res.body?.cancel().catch(() => undefined);
        return res.status >= 500
          ? { url, found: false, status: res.status, note: `robots.txt answered ${res.status}; treated as allow-all (RFC 9309 says disallow-all).` }
          : { url, found: false, status: res.status };
      }
      return { url, found: true, status: res.status, text: (await readTextLimited(res, MAX_ROBOTS_BYTES)).text };
    }
  } catch (e) {
    const why = isPolicyRefusal(e)
      ? "redirected to a host the URL policy refuses"
      : e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")
        ? `timed out after ${timeoutMs} ms`
        : "could not be fetched";
    return { url, found: false, note: `robots.txt ${why}; treated as allow-all (RFC 9309 says disallow-all).` };
  }
}

/**
 * Rules for {@link ROBOTS_USER_AGENT} from a fetch outcome: robots-parser (longest match wins, `Allow` beats `Disallow`
 * on ties, `*` and `$` wildcards); allow-all when no file was found.
 */
export function parseRobots(f: RobotsFetch): RobotsRules {
  if (!f.found || f.text === undefined) return { found: false, status: f.status, note: f.note, isAllowed: () => true, sitemaps: [] };
  const robots = robotsParser(f.url, f.text);
  return {
    found: true,
    status: f.status,
    // robots-parser answers undefined for URLs outside robots.txt's origin.
    isAllowed: (u) => robots.isAllowed(u, ROBOTS_USER_AGENT) ?? true,
    sitemaps: robots.getSitemaps(),
  };
}
