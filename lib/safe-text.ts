/**
 * Text every store and hash accepts. PostgreSQL refuses NUL (U+0000) in `text` and `jsonb`, and an unpaired UTF-16
 * surrogate cannot be encoded as UTF-8 (RFC 8785 canonical JSON refuses it), so strings carrying either are rejected
 * at the edge — tool arguments, JSON-RPC params, route and query parameters — before they reach a query or a hash.
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

/** True when `s` has no NUL and no unpaired surrogate. */
export function isSafeText(s: string): boolean {
  return !UNSAFE.test(s);
}

/** `s` with each NUL and unpaired surrogate replaced by U+FFFD (for audit placeholders and logs, never for lookups). */
export function toSafeText(s: string): string {
  return s.replace(UNSAFE_ALL, "\ufffd");
}

/**
 * The path (`arguments.items.2.name`, `(key) a\ufffdb`) of the first unsafe string or object key in a JSON value, or
 * undefined when every string is safe. Depth-bounded (JSON from our parsers is at most a few levels deep).
 */
export function findUnsafeString(value: unknown, path = "", depth = 0): string | undefined {
  if (typeof value === "string") return isSafeText(value) ? undefined : path || "(value)";
  if (depth > 64 || value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findUnsafeString(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${toSafeText(k)}` : toSafeText(k);
    if (!isSafeText(k)) return `${here} (key)`;
    const bad = findUnsafeString(v, here, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}

/** A copy of a JSON value with every string and key made safe ({@link toSafeText}); for hashing rejected input. */
export function toSafeJson(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return toSafeText(value);
  if (depth > 64 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => toSafeJson(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [toSafeText(k), toSafeJson(v, depth + 1)]));
}
