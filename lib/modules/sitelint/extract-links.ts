import type { Page } from "playwright-core";
import type { LinkTarget } from "./checks/links";
import { normalizeCrawlUrl } from "./normalize-url";

/** CSS string escaping for an attribute selector value (CSS Syntax §4.3.5). */
const cssString = (s: string) => s.replace(/["\\]/g, "\\$&").replace(/\n/g, "\\a ");

/** Most distinct external (other-origin) targets one page contributes to link checks. */
const MAX_EXTERNAL_PER_PAGE = 100;

/**
 * Links of the loaded page: `<a href>` (HTML and SVG) and `<area href>`, in document order, normalised with
 * `normalizeCrawlUrl` (fragment dropped, non-http(s) ignored) and deduplicated.
 *
 * @param origin the page's origin (the final URL's, after redirects): links on it are crawled, others only checked.
 * @returns `links` — same-origin only, for the crawler — and `targets` for the link check: one per distinct URL with
 *   the first element's selector, written `a[href="<raw href>"]` so it survives layout changes (stable finding
 *   fingerprints), and its text (≤ 100 chars); same-origin targets first, then up to 100 external ones
 *   (`external: true`).
 */
export async function extractLinks(page: Page, origin: string): Promise<{ links: string[]; targets: LinkTarget[] }> {
  const { baseUri, anchors } = await page.evaluate(() => ({
    baseUri: document.baseURI,
    // A hostile page may hold millions of anchors: read the first 5 000, hrefs ≤ 4 KiB.
    anchors: Array.from(document.querySelectorAll("a[href], area[href]")).slice(0, 5_000).map((e) => ({
      tag: e.localName,
      href: (e.getAttribute("href") ?? "").slice(0, 4096),
      text: (e.textContent || e.getAttribute("aria-label") || e.getAttribute("alt") || "").replace(/\s+/g, " ").trim().slice(0, 100),
    })),
  }));
  const targets = new Map<string, LinkTarget>();
  const external = new Map<string, LinkTarget>();
  for (const a of anchors) {
    const url = normalizeCrawlUrl(a.href, baseUri);
    if (!url || targets.has(url) || external.has(url)) continue;
    const target = { url, selector: `${a.tag}[href="${cssString(a.href)}"]`, text: a.text || undefined };
    if (new URL(url).origin === origin) targets.set(url, target);
    else if (external.size < MAX_EXTERNAL_PER_PAGE) external.set(url, { ...target, external: true });
  }
  return { links: [...targets.keys()], targets: [...targets.values(), ...external.values()] };
}
