import robotsParser from "robots-parser";
import type { RobotsFetch } from "../robots";

/** Where a "do not index" directive came from, for the finding's evidence. */
export type NoindexSource = { source: string; value: string };

/**
 * The crawlers Lighthouse 13's `is-crawlable` asks about (`BOT_USER_AGENTS`); `undefined` = the generic rules
 * (`<meta name="robots">`, an `X-Robots-Tag` without a bot prefix, robots.txt group `*`).
 */
export const SEARCH_BOTS = [undefined, "Googlebot", "bingbot", "DuckDuckBot", "archive.org_bot"] as const;
type Bot = (typeof SEARCH_BOTS)[number];

/** Directives with a `name: value` form, which must not be mistaken for an `X-Robots-Tag` user-agent prefix. */
const VALUED = new Set(["unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"]);

function blocks(directive: string, now: Date): boolean {
  const d = directive.trim().toLowerCase();
  if (d === "noindex" || d === "none") return true;
  const after = /^unavailable_after\s*:\s*(.+)$/i.exec(directive.trim())?.[1];
  const at = after ? Date.parse(after) : NaN;
  return !Number.isNaN(at) && at < now.getTime();
}

/**
 * Split a (possibly comma-joined) `X-Robots-Tag` value into per-bot groups: a `bot:` prefix starts a group for that
 * bot and the directives after it belong to it until the next prefix (Google Search Central "X-Robots-Tag"). Bot names
 * are lower-cased; `undefined` = every bot.
 */
function headerGroups(value: string): { bot?: string; directives: string[] }[] {
  const groups: { bot?: string; directives: string[] }[] = [{ directives: [] }];
  for (const token of value.split(",")) {
    const prefix = /^\s*([^,:\s]+)\s*:\s*(.*)$/.exec(token);
    if (prefix && !VALUED.has(prefix[1]!.toLowerCase())) groups.push({ bot: prefix[1]!.toLowerCase(), directives: [prefix[2] ?? ""] });
    else groups.at(-1)!.directives.push(token);
  }
  return groups;
}

export type CrawlBlocks = {
  /** Bots of {@link SEARCH_BOTS} that may not index the page ("*" for the generic rules). */
  blockedBots: string[];
  /** True when every bot is blocked — Lighthouse's failing `is-crawlable`; otherwise it only warns. */
  allBlocked: boolean;
  /** What blocks: the generic sources when all are blocked, else the sources blocking the blocked bots. */
  sources: NoindexSource[];
};

/**
 * Whether search engines may index the page, after Lighthouse 13's `is-crawlable` (`core/audits/seo/is-crawlable.js`)
 * and Google Search Central ("Robots meta tag, data-nosnippet, and X-Robots-Tag specifications"). For each bot of
 * {@link SEARCH_BOTS}: its own `<meta name="googlebot">`-style tag if present, else `<meta name="robots">`; the
 * `X-Robots-Tag` groups without a prefix or with its name; and robots.txt (robots-parser, the bot's group or `*`).
 * Blocking directives: `noindex`, `none`, an `unavailable_after` date in the past. Names are case-insensitive.
 *
 * @param metas `<meta name>` elements of `<head>`, names lower-cased. @param robotsTxt the site's robots.txt fetch
 *   (`fetchRobots`); omitted or not found = robots.txt blocks nothing. @param now for `unavailable_after` (default now).
 */
export function crawlBlocks({ metas, xRobotsTag, robotsTxt, pageUrl, now = new Date() }: {
  metas: { name: string; content: string }[];
  xRobotsTag?: string;
  robotsTxt?: RobotsFetch;
  pageUrl: string;
  now?: Date;
}): CrawlBlocks {
  const groups = xRobotsTag ? headerGroups(xRobotsTag) : [];
  const robots = robotsTxt?.found && robotsTxt.text !== undefined ? robotsParser(robotsTxt.url, robotsTxt.text) : undefined;
  const perBot = (bot: Bot): NoindexSource[] => {
    const out: NoindexSource[] = [];
    const meta = (bot && metas.find((m) => m.name === bot.toLowerCase())) || metas.find((m) => m.name === "robots");
    if (meta && meta.content.split(",").some((d) => blocks(d, now))) out.push({ source: `<meta name="${meta.name}">`, value: meta.content });
    const headerBlocks = groups.some((g) => (g.bot === undefined || g.bot === bot?.toLowerCase()) && g.directives.some((d) => blocks(d, now)));
    if (headerBlocks) out.push({ source: "X-Robots-Tag header", value: xRobotsTag! });
    if (robots && robots.isAllowed(pageUrl, bot ?? "*") === false) {
      out.push({ source: "robots.txt", value: `${robotsTxt!.url} line ${robots.getMatchingLineNumber(pageUrl, bot ?? "*")}` });
    }
    return out;
  };
  const results = SEARCH_BOTS.map((bot) => ({ bot: bot ?? "*", sources: perBot(bot) }));
  const blocked = results.filter((r) => r.sources.length > 0);
  const allBlocked = blocked.length === SEARCH_BOTS.length;
  const sources = allBlocked ? results[0]!.sources : blocked.flatMap((r) => r.sources);
  const seen = new Set<string>();
  return {
    blockedBots: blocked.map((r) => r.bot),
    allBlocked,
    sources: sources.filter((s) => !seen.has(s.source + s.value) && seen.add(s.source + s.value)),
  };
}
