import robotsParser from "robots-parser";

/** Product token SiteLint matches in robots.txt groups (RFC 9309 §2.2.1). */
export const ROBOTS_USER_AGENT = "OmniAuditBot";

/** RFC 9309 §2.5: crawlers must parse at least 500 KiB; we stop there. */
const MAX_ROBOTS_BYTES = 500 * 1024;

export type RobotsRules = {
  /** A robots.txt answered 2xx and was parsed. */
  found: boolean;
  /** HTTP status of `/robots.txt`, when one was received. */
  status?: number;
  /** Why the rules are allow-all although a robots.txt may exist (5xx, network error). */
  note?: string;
  /** Whether OmniAuditBot may fetch `url`; `true` for URLs on another origin (their robots.txt governs them). */
  isAllowed(url: string): boolean;
  /** `Sitemap:` URLs listed in the file (absolute, as written). */
  sitemaps: string[];
};

const allowAll = (extra: Partial<RobotsRules>): RobotsRules => ({ found: false, isAllowed: () => true, sitemaps: [], ...extra });

/**
 * Fetch and parse `<origin>/robots.txt` (RFC 9309) for {@link ROBOTS_USER_AGENT}.
 *
 * - 2xx: parsed with robots-parser (longest match wins, `Allow` beats `Disallow` on ties, `*` and `$` wildcards).
 * - 4xx: "unavailable" → allow all (RFC 9309 §2.3.1.3).
 * - 5xx, network error or timeout: RFC 9309 §2.3.1.4 says to assume complete disallow; SiteLint audits sites on their
 *   owner's behalf, so it allows all instead and says so in `note` (the crawl report shows it).
 *
 * @param origin `https://example.com` (a trailing path is ignored).
 * @param fetchImpl injectable for tests; defaults to global fetch (redirects followed, RFC 9309 §2.3.1.2).
 * @param timeoutMs whole request budget, ms.
 * @returns rules; never throws.
 */
export async function loadRobots(origin: string, fetchImpl: typeof fetch = fetch, timeoutMs = 10_000): Promise<RobotsRules> {
  const robotsUrl = new URL("/robots.txt", origin).href;
  let res: Response;
  let text: string;
  try {
    res = await fetchImpl(robotsUrl, {
      redirect: "follow",
      headers: { "user-agent": `${ROBOTS_USER_AGENT}/0.1`, accept: "text/plain,*/*;q=0.5" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status >= 500) {
      await res.body?.cancel();
      return allowAll({ status: res.status, note: `robots.txt answered ${res.status}; treated as allow-all (RFC 9309 says disallow-all).` });
    }
    if (res.status >= 400) {
      await res.body?.cancel();
      return allowAll({ status: res.status });
    }
    text = (await res.text()).slice(0, MAX_ROBOTS_BYTES);
  } catch (e) {
    const why = e instanceof Error && e.name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : "could not be fetched";
    return allowAll({ note: `robots.txt ${why}; treated as allow-all (RFC 9309 says disallow-all).` });
  }
  const robots = robotsParser(robotsUrl, text);
  return {
    found: true,
    status: res.status,
    // robots-parser answers undefined for URLs outside robots.txt's origin.
    isAllowed: (url) => robots.isAllowed(url, ROBOTS_USER_AGENT) ?? true,
    sitemaps: robots.getSitemaps(),
  };
}
