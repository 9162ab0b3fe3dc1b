import type { RobotsFetch } from "../robots";
import type { FindingDraft } from "../types";
import { seoFinding } from "./seo";

/** Directives Lighthouse 13's `robots-txt` audit accepts (`DIRECTIVE_SAFELIST`): RFC 9309 ones, widely supported ones and a few seen in the wild. */
const KNOWN_DIRECTIVES = new Set([
  "user-agent", "disallow", "allow", "sitemap", "crawl-delay", "clean-param", "host", "request-rate", "visit-time", "noindex", "content-signal",
]);
const SITEMAP_PROTOCOLS = new Set(["https:", "http:", "ftp:"]);
const MAX_ERRORS = 50;

export type RobotsTxtError = { line: number; content: string; message: string };

function directiveError(name: string, value: string): string | undefined {
  if (!KNOWN_DIRECTIVES.has(name)) return "Unknown directive";
  if (name === "sitemap") {
    const url = URL.parse(value);
    if (!url) return "Invalid sitemap URL";
    if (!SITEMAP_PROTOCOLS.has(url.protocol)) return "Invalid sitemap URL protocol";
  }
  if (name === "user-agent" && !value) return "No user-agent specified";
  if (name === "allow" || name === "disallow") {
    if (value !== "" && value[0] !== "/" && value[0] !== "*") return 'Pattern should either be empty, start with "/" or "*"';
    const dollar = value.indexOf("$");
    if (dollar !== -1 && dollar !== value.length - 1) return '"$" should only be used at the end of the pattern';
  }
  return undefined;
}

/**
 * Line-by-line validation of a robots.txt, as Lighthouse 13's `robots-txt` audit does it (`validateRobots` in
 * `core/audits/seo/robots-txt.js`; RFC 9309 §2.2): comments (`#`) and blank lines skipped; every other line must be
 * `name: value` with a known directive, `User-agent` non-empty, `Allow`/`Disallow` patterns empty or starting with
 * `/` or `*` with `$` only at the end, `Sitemap` an absolute http(s)/ftp URL, and no `Allow`/`Disallow` before the first
 * `User-agent` (a rule outside any group).
 * @returns errors with 1-based line numbers, in file order.
 */
export function validateRobotsTxt(text: string): RobotsTxtError[] {
  const errors: RobotsTxtError[] = [];
  let inGroup = false;
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const push = (message: string) => errors.push({ line: index + 1, content: raw.slice(0, 200), message });
    const colon = line.indexOf(":");
    if (colon === -1) return push("Syntax not understood");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const error = directiveError(name, value);
    if (error) return push(error);
    if (name === "user-agent") inGroup = true;
    else if (!inGroup && (name === "allow" || name === "disallow")) push("No user-agent specified");
  });
  return errors;
}

/**
 * Site-level `seo-robots-txt` findings for a scan's robots.txt fetch (Lighthouse 13 `robots-txt`; call once per scan,
 * not per page). Lighthouse's outcomes: 5xx → "robots.txt answered HTTP {status}" (high: RFC 9309 §2.3.1.4 tells
 * crawlers to treat the whole site as disallowed); no response at all (network error, timeout, refused redirect) →
 * "robots.txt could not be fetched" (medium); 4xx or an empty file → nothing (no robots.txt is valid); otherwise one
 * medium finding listing every validation error of {@link validateRobotsTxt}.
 * @param robots the outcome of `fetchRobots` (lib/modules/sitelint/robots.ts).
 * @returns zero or one finding (selector-less, `evidence.url` = the robots.txt URL).
 */
export function robotsTxtFindings(robots: RobotsFetch): FindingDraft[] {
  const base = { helpUrl: "https://developer.chrome.com/docs/lighthouse/seo/invalid-robots-txt" };
  if (robots.status !== undefined && robots.status >= 500) {
    return [seoFinding({
      ...base, ruleId: "seo-robots-txt", severity: "high", confidence: 0.9, title: `robots.txt answered HTTP ${robots.status}`,
      description: "Request for robots.txt returned a server error; Google treats the site as disallowed until robots.txt answers again.",
      suggestedFix: "Make /robots.txt answer 200 (or 404 if you have none).", evidence: { url: robots.url, status: robots.status },
    })];
  }
  if (robots.status !== undefined && robots.status >= 400) return [];
  if (!robots.found || robots.text === undefined) {
    return [seoFinding({
      ...base, ruleId: "seo-robots-txt", severity: "medium", confidence: 0.6, title: "robots.txt could not be fetched",
      description: `Fetch of robots.txt failed${robots.note ? `: ${robots.note}` : ""}.`,
      suggestedFix: "Make /robots.txt reachable for crawlers (no redirect loop, no timeout).", evidence: { url: robots.url, status: robots.status ?? null, note: robots.note ?? null },
    })];
  }
  if (robots.text === "") return [];
  const errors = validateRobotsTxt(robots.text);
  if (errors.length === 0) return [];
  return [seoFinding({
    ...base, ruleId: "seo-robots-txt", severity: "medium", confidence: 0.9, title: "robots.txt is not valid",
    description: `${errors.length} error${errors.length === 1 ? "" : "s"} found, e.g. line ${errors[0]!.line}: ${errors[0]!.message}. Crawlers may not understand how you want the site crawled.`,
    suggestedFix: "Fix or remove the listed lines (RFC 9309 syntax: `User-agent`, `Allow`, `Disallow`, `Sitemap`).",
    evidence: { url: robots.url, errors: errors.slice(0, MAX_ERRORS), count: errors.length },
  })];
}
