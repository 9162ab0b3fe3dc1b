import { normalizeCrawlUrl } from "@/lib/modules/sitelint/normalize-url";

/**
 * The first `limit` HTML pages of a site, breadth-first from `start` over same-origin `<a href>` / `<area href>` links
 * (normalised as SiteLint's crawler keys them), skipping answers that are not 200 `text/html`. Every tool of the
 * benchmark is given exactly this list, so they audit the same pages.
 */
export async function collectPages(start: string, limit: number): Promise<string[]> {
  const origin = new URL(start).origin;
  const seen = new Set<string>();
  const queue: string[] = [];
  const pages: string[] = [];
  const push = (href: string, base: string) => {
    const url = normalizeCrawlUrl(href, base);
    if (!url || new URL(url).origin !== origin || seen.has(url)) return;
    seen.add(url);
    queue.push(url);
  };
  push(start, start);
  while (queue.length && pages.length < limit) {
    const url = queue.shift()!;
    const res = await fetch(url);
    if (res.status !== 200 || !res.headers.get("content-type")?.startsWith("text/html")) {
      await res.body?.cancel();
      continue;
    }
    pages.push(url);
    const html = await res.text();
    for (const m of html.matchAll(/<(?:a|area)\b[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) push(decodeEntities(m[1] ?? m[2] ?? m[3] ?? ""), url);
  }
  return pages;
}

/** The few character references that occur in hrefs (`&amp;` above all). */
function decodeEntities(s: string): string {
  return s.replace(/&(amp|quot|#39|apos|lt|gt);/g, (_, e: string) => ({ amp: "&", quot: '"', "#39": "'", apos: "'", lt: "<", gt: ">" })[e] ?? "");
}
