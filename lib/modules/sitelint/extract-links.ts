import type { Page } from "playwright-core";
import type { LinkTarget } from "./checks/links";
import { normalizeCrawlUrl } from "./normalize-url";

/** CSS string escaping for an attribute selector value (CSS Syntax §4.3.5). */
const cssString = (s: string) => s.replace(/["\\]/g, "\\$&").replace(/\n/g, "\\a ");

/**
 * Same-origin links of the loaded page: `<a href>` (HTML and SVG) and `<area href>`, in document order, normalised
 * with `normalizeCrawlUrl` (fragment dropped, non-http(s) ignored) and deduplicated.
 *
 * @param origin the origin links must share (the final URL's, after redirects).
 * @returns `links` (for the crawler) and `targets` — one per distinct URL with the first element's selector, written
 *   `a[href="<raw href>"]` so it survives layout changes (stable finding fingerprints), and its text (≤ 100 chars).
 */
export async function extractLinks(page: Page, origin: string): Promise<{ links: string[]; targets: LinkTarget[] }> {
  const { baseUri, anchors } = await page.evaluate(() => ({
    baseUri: document.baseURI,
    anchors: Array.from(document.querySelectorAll("a[href], area[href]"), (e) => ({
      tag: e.localName,
      href: e.getAttribute("href") ?? "",
      text: (e.textContent || e.getAttribute("aria-label") || e.getAttribute("alt") || "").replace(/\s+/g, " ").trim().slice(0, 100),
    })),
  }));
  const targets = new Map<string, LinkTarget>();
  for (const a of anchors) {
    const url = normalizeCrawlUrl(a.href, baseUri);
    if (!url || targets.has(url) || new URL(url).origin !== origin) continue;
    targets.set(url, { url, selector: `${a.tag}[href="${cssString(a.href)}"]`, text: a.text || undefined });
  }
  return { links: [...targets.keys()], targets: [...targets.values()] };
}
