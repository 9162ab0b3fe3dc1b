import { MIN_SECRET_LENGTH } from "./payload";

/** What a secret is replaced with. */
export const REDACTED = "[REDACTED]";

const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/**
 * The forms a secret takes in what a page audit collects: as is, percent-encoded (a URL or query string, both
 * `%20` and form `+` for spaces), and HTML-escaped (axe's HTML snippets, `value="…"` attributes).
 */
function variants(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  return [secret, encoded, encoded.replace(/%20/g, "+"), htmlEscape(secret)];
}

/** Every variant of every secret of at least {@link MIN_SECRET_LENGTH} characters, longest first. */
function needles(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH) for (const v of variants(s)) all.add(v);
  return [...all].sort((a, b) => b.length - a.length);
}

/**
 * Replace every occurrence of each secret in `text` — raw, percent-encoded or HTML-escaped — with `[REDACTED]`.
 * Longer secrets are replaced first, so a secret containing another is removed whole. Secrets shorter than
 * {@link MIN_SECRET_LENGTH} characters are ignored (replacing them would mangle unrelated text; profiles refuse them
 * as secret fields).
 * @param secrets the values to remove (cookie values, header values, login secrets).
 * @returns `text` without any of them.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const n of needles(secrets)) if (out.includes(n)) out = out.split(n).join(REDACTED);
  return out;
}

/**
 * {@link redactSecrets} applied to every string (values and keys) of a JSON-like value — a page audit result with its
 * findings' evidence, diagnostics, title, links and error. Numbers, booleans and null pass unchanged; the input is
 * not modified.
 * @returns a redacted copy (the input itself when there is nothing to redact).
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  const list = needles(secrets);
  if (list.length === 0) return value;
  const text = (s: string) => {
    let out = s;
    for (const n of list) if (out.includes(n)) out = out.split(n).join(REDACTED);
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
