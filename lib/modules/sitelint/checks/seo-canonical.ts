import type { Severity } from "../types";
import { relHas } from "./seo-link-header";
import type { SeoLinkElement } from "./seo-signals";

/** A canonical-related link from the DOM or the `Link` header. */
type CanonicalLink = Pick<SeoLinkElement, "rel" | "hrefRaw" | "href" | "hreflang"> & { source: SeoLinkElement["source"] | "headers" };

export type CanonicalVerdict =
  /** No canonical declared (Lighthouse: not applicable). */
  | { kind: "none" }
  | { kind: "ok"; canonical: string }
  | { kind: "problem"; severity: Severity; issue: string; declared: string[] };

const bareHost = (u: URL) => u.hostname.replace(/^www\./, "");

/**
 * Judge a page's canonical URL the way Lighthouse 13's `canonical` audit does (`core/audits/seo/canonical.js`), in its
 * order, stopping at the first failure: links in `<body>` and canonicals without `href` are ignored; then an
 * invalid URL ("Invalid URL (…)"), a relative one ("Is not an absolute URL (…)"), several distinct URLs ("Multiple
 * conflicting URLs (a, b)"); for the single URL: pointing to another `hreflang` alternate of the page ("Points to
 * another `hreflang` location (…)"), or the origin's root for a deeper page. SiteLint adds one case Lighthouse 13
 * dropped but Google Search Central still warns about: a canonical on another host (`www.` ignored) —
 * "canonical points to another host (…)".
 *
 * Severities: relative → low (Google resolves it, but it is fragile), every other problem → medium.
 * @param links `<link>` elements plus `Link` header entries (`linkHeaderElements`); @param pageUrl final URL.
 */
export function judgeCanonical({ links, pageUrl }: { links: CanonicalLink[]; pageUrl: string }): CanonicalVerdict {
  const unique = new Set<string>();
  const hreflangUrls = new Set<string>();
  const declared: string[] = [];
  let invalid: CanonicalLink | undefined;
  let relative: CanonicalLink | undefined;
  for (const link of links) {
    if (link.source === "body") continue;
    if (relHas(link.rel, "canonical")) {
      if (!link.hrefRaw) continue;
      declared.push(link.hrefRaw.slice(0, 300));
      if (!link.href || URL.parse(link.hrefRaw, "https://example.com") === null) invalid = link;
      else if (URL.parse(link.hrefRaw) === null) relative = link;
      else unique.add(link.href);
    } else if (relHas(link.rel, "alternate") && link.href && link.hreflang) {
      hreflangUrls.add(link.href);
    }
  }
  const problem = (issue: string, severity: Severity = "medium"): CanonicalVerdict => ({ kind: "problem", severity, issue, declared });
  if (invalid) return problem(`Invalid URL (${invalid.hrefRaw})`);
  if (relative) return problem(`Is not an absolute URL (${relative.hrefRaw})`, "low");
  const urls = [...unique];
  if (urls.length === 0) return { kind: "none" };
  if (urls.length > 1) return problem(`Multiple conflicting URLs (${urls.join(", ")})`);
  const canonical = new URL(urls[0]!);
  const base = new URL(pageUrl);
  if (hreflangUrls.has(base.href) && hreflangUrls.has(canonical.href) && base.href !== canonical.href) {
    return problem(`Points to another \`hreflang\` location (${base.href})`);
  }
  if (canonical.origin === base.origin && canonical.pathname === "/" && base.pathname !== "/") {
    return problem("Points to the domain's root URL (the homepage), instead of an equivalent page of content");
  }
  // Host, not origin: an http page declaring its https twin canonical is the recommended setup.
  if (bareHost(canonical) !== bareHost(base)) return problem(`canonical points to another host (${canonical.host})`);
  return { kind: "ok", canonical: canonical.href };
}
