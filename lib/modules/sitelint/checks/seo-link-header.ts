import type { SeoLinkElement } from "./seo-signals";

/** One link-value of a `Link` header: target as written and its parameters (names lower-cased, values unquoted). */
export type LinkHeaderValue = { uri: string; params: Record<string, string> };

/**
 * Parse a `Link` header field (RFC 8288 §3: `<uri-reference> *( ";" link-param )`, link-values separated by commas;
 * a quoted-string value may hold commas and semicolons). Repeated `Link` headers arrive comma-joined (RFC 9110
 * §5.3), which is the same grammar. Malformed link-values are skipped, never thrown on.
 */
export function parseLinkHeader(field: string | undefined): LinkHeaderValue[] {
  const out: LinkHeaderValue[] = [];
  if (!field) return out;
  let i = 0;
  const n = field.length;
  const skipWs = () => {
    while (i < n && /\s/.test(field[i]!)) i++;
  };
  while (i < n) {
    skipWs();
    if (field[i] !== "<") {
      // Not a link-value: resync on the next comma outside quotes.
      while (i < n && field[i] !== ",") i++;
      i++;
      continue;
    }
    const close = field.indexOf(">", i);
    if (close < 0) break;
    const value: LinkHeaderValue = { uri: field.slice(i + 1, close).trim(), params: {} };
    i = close + 1;
    for (;;) {
      skipWs();
      if (field[i] !== ";") break;
      i++;
      skipWs();
      const name = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(field.slice(i))?.[0] ?? "";
      i += name.length;
      skipWs();
      let val = "";
      if (field[i] === "=") {
        i++;
        skipWs();
        if (field[i] === '"') {
          i++;
          while (i < n && field[i] !== '"') {
            if (field[i] === "\\" && i + 1 < n) i++;
            val += field[i++];
          }
          i++;
        } else {
          const m = /^[^;,\s]*/.exec(field.slice(i))?.[0] ?? "";
          val = m;
          i += m.length;
        }
      }
      // RFC 8288 §3: occurrences after the first of `rel` (and other single-valued params) are ignored.
      const key = name.toLowerCase();
      if (key && !(key in value.params)) value.params[key] = val;
    }
    out.push(value);
    skipWs();
    if (field[i] === ",") i++;
  }
  return out;
}

/**
 * `Link` header entries as {@link SeoLinkElement}s with `source: "headers"`, the way Lighthouse 13's `LinkElements`
 * gatherer adds them: `href` resolved against the page URL ("" when it cannot be), `rel` lower-cased.
 */
export function linkHeaderElements(field: string | undefined, pageUrl: string): (Omit<SeoLinkElement, "source"> & { source: "headers" })[] {
  return parseLinkHeader(field).map(({ uri, params }) => ({
    rel: (params["rel"] ?? "").toLowerCase(),
    hrefRaw: uri,
    href: URL.parse(uri, pageUrl)?.href ?? "",
    hreflang: params["hreflang"] ?? "",
    source: "headers" as const,
  }));
}

/** True when a `rel` value lists `token` (rel is a space-separated token set, HTML §4.6.7). */
export const relHas = (rel: string, token: string) => rel.toLowerCase().split(/\s+/).includes(token);
