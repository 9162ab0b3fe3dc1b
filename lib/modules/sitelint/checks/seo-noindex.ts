/** Where a "do not index" directive came from, for the finding's evidence. */
export type NoindexSource = { source: string; value: string };

/** Directives with a `name: value` form, which must not be mistaken for an `X-Robots-Tag` user-agent prefix. */
const VALUED = new Set(["unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"]);
/** User agents whose directives decide whether search engines index the page (Lighthouse `is-crawlable`). */
const RELEVANT_UA = new Set(["*", "googlebot"]);

function blocks(directive: string, now: Date): boolean {
  const d = directive.trim().toLowerCase();
  if (d === "noindex" || d === "none") return true;
  const after = /^unavailable_after\s*:\s*(.+)$/i.exec(directive.trim())?.[1];
  const at = after ? Date.parse(after) : NaN;
  return !Number.isNaN(at) && at < now.getTime();
}

/**
 * Sources that keep the page out of search results (Google Search Central "Block indexing with noindex";
 * Lighthouse `is-crawlable`): `<meta name="robots"|"googlebot">` or `X-Robots-Tag` containing `noindex`, `none` or a
 * past `unavailable_after`. Names and values are case-insensitive. `X-Robots-Tag` directives after a `otherbot:`
 * prefix apply to that bot only and are ignored; repeated headers arrive comma-joined, which this grammar tolerates.
 * @returns one entry per blocking source; empty when the page is indexable.
 */
export function noindexSources({ robotsMeta, xRobotsTag, now = new Date() }: { robotsMeta: { name: string; content: string }[]; xRobotsTag?: string; now?: Date }): NoindexSource[] {
  const out: NoindexSource[] = [];
  for (const m of robotsMeta) {
    if (m.content.split(",").some((d) => blocks(d, now))) out.push({ source: `<meta name="${m.name}">`, value: m.content });
  }
  if (xRobotsTag) {
    let ua = "*";
    let blocked = false;
    for (const token of xRobotsTag.split(",")) {
      let directive = token.trim();
      const prefix = /^([a-z0-9_.-]+)\s*:\s*(.*)$/i.exec(directive);
      if (prefix && !VALUED.has(prefix[1]!.toLowerCase())) {
        ua = prefix[1]!.toLowerCase();
        directive = prefix[2] ?? "";
      }
      if (RELEVANT_UA.has(ua) && blocks(directive, now)) blocked = true;
    }
    if (blocked) out.push({ source: "X-Robots-Tag header", value: xRobotsTag });
  }
  return out;
}
