/**
 * Resolve a link the way a crawler should key it: absolute, `http:`/`https:` only, no fragment (same document), no
 * default port and no empty `?` (the WHATWG URL parser already lower-cases the host and drops `:80`/`:443`).
 *
 * @param href raw attribute value (`/a`, `../b?x=1#top`, `https://x.test:443/`).
 * @param base document base URL (`document.baseURI`) used to resolve relative hrefs.
 * @returns the normalised absolute URL, or `undefined` for `mailto:`, `javascript:`, `tel:`, `data:`, unparsable
 *   hrefs and URLs embedding credentials (which the URL policy refuses anyway).
 */
export function normalizeCrawlUrl(href: string, base: string | URL): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username || url.password) return undefined;
  url.hash = "";
  // `search` reads "" for both "no query" and a bare "?"; assigning "" drops the bare "?" so /a and /a? are one page.
  if (!url.search) url.search = "";
  return url.href;
}

/**
 * The host-independent identity of a page: pathname + search (`/docs/a?x=1`). Used in finding fingerprints so the
 * same problem on staging and production matches. A string that is not an absolute URL is returned unchanged.
 */
export function urlPathKey(url: string | URL): string {
  try {
    const u = typeof url === "string" ? new URL(url) : url;
    return u.pathname + u.search;
  } catch {
    return String(url);
  }
}
