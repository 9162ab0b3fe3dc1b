/** Response headers keyed by lower-case name; repeated fields joined with ", " (RFC 9110 §5.3). */
export type HeaderMap = Record<string, string>;

/**
 * Fold a raw header list (Playwright `response.headersArray()`, fetch `Headers`) into a {@link HeaderMap}. Joining
 * repeated fields with a comma is what RFC 9110 §5.3 allows and what CSP expects (two CSP headers = two policies, the
 * same as one header with a comma-separated policy list). `set-cookie` is joined with "\n" because its values contain
 * commas.
 */
export function toHeaderMap(list: Iterable<{ name: string; value: string }>): HeaderMap {
  const out: HeaderMap = {};
  for (const { name, value } of list) {
    const k = name.toLowerCase();
    const prev = out[k];
    out[k] = prev === undefined ? value : `${prev}${k === "set-cookie" ? "\n" : ", "}${value}`;
  }
  return out;
}

/** The `Set-Cookie` field values of a {@link HeaderMap}, one per field (RFC 6265 §3: never folded into one line). */
export function setCookieValues(headers: HeaderMap): string[] {
  return (headers["set-cookie"] ?? "").split("\n").filter((v) => v.trim() !== "");
}
