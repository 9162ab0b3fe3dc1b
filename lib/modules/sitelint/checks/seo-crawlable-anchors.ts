import type { SeoAnchor } from "./seo-signals";

/** Attributes that only make sense with `href` (HTML §4.5.1 "The a element"; Lighthouse `hrefAssociatedAttributes`). */
const HREF_ASSOCIATED = ["target", "download", "ping", "rel", "hreflang", "type", "referrerpolicy"];
const JS_VOID = /javascript:void(\(|)0(\)|)/;

export type UncrawlableAnchor = { selector: string; snippet: string; reason: string };

/**
 * Anchors search engines cannot follow, after Lighthouse 13's `crawlable-anchors` (`core/audits/seo/crawlable-anchors.js`).
 * Passing: any `role`, `mailto:` links, `<a id>` page anchors without href, a `name`, placeholder `<a>` without href
 * or href-associated attributes and without event listeners. Failing: `file:` URLs, placeholders with listeners
 * (click/mousedown handlers instead of a URL), an empty resolved href, `javascript:void(0)`, an href that does not
 * parse against the page URL.
 *
 * @param listeners event types per probed anchor (`probeAnchorListeners`), or undefined when they could not be read —
 *   then an `on…` attribute counts as a listener. @param pageUrl final URL, the base for relative hrefs.
 */
export function uncrawlableAnchors({ anchors, listeners, pageUrl }: { anchors: SeoAnchor[]; listeners?: string[][]; pageUrl: string }): UncrawlableAnchor[] {
  const out: UncrawlableAnchor[] = [];
  for (const a of anchors) {
    const raw = a.rawHref.replace(/\s/g, "");
    const fail = (reason: string) => out.push({ selector: a.selector, snippet: a.snippet, reason });
    if (a.role.trim() || raw.startsWith("mailto:") || (raw === "" && a.id)) continue;
    if (raw.startsWith("file:")) {
      fail("file: URL");
      continue;
    }
    if (a.name.trim()) continue;
    if (!a.attributeNames.includes("href") && HREF_ASSOCIATED.every((n) => !a.attributeNames.includes(n))) {
      const types = a.probe !== undefined ? listeners?.[a.probe] : undefined;
      const hasListener = types ? types.length > 0 : a.attributeNames.some((n) => /^on[a-z]+$/.test(n));
      if (hasListener) fail(`no href, but an event listener (${types?.join(", ") || "inline handler"})`);
      continue;
    }
    if (a.href === "") fail("empty href");
    else if (JS_VOID.test(raw)) fail("javascript:void(0) href");
    else if (URL.parse(raw, pageUrl) === null) fail("href is not a valid URL");
  }
  return out;
}
