const TOKEN_START = /[A-Za-z*]/;
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const KEY_START = /[a-z*]/;
const KEY_CHAR = /[a-z0-9_\-.*]/;

/**
 * The bare item of an RFC 8941 structured-field Item when it is a Token, else null — how the HTML standard reads
 * `Cross-Origin-Opener-Policy` / `Cross-Origin-Embedder-Policy` (and MDN HTTP Observatory's
 * `parseStructuredFieldToken`). The whole value must parse (RFC 8941 §4.2: leading/trailing spaces dropped, parameters
 * `;key[=value]` allowed and ignored); anything else — a quoted string, a list (a comma from a repeated field),
 * trailing garbage — gives null.
 */
export function structuredFieldToken(value: string): string | null {
  const s = value.replace(/^ +| +$/g, "");
  let i = 0;
  const token = (): string | null => {
    if (!TOKEN_START.test(s[i] ?? "")) return null;
    const start = i;
    while (i < s.length && TCHAR.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  const bareItem = (): boolean => {
    const c = s[i] ?? "";
    if (c === '"') {
      for (i++; i < s.length; i++) {
        if (s[i] === "\\") i++;
        else if (s[i] === '"') return ++i > 0;
        else if (s.charCodeAt(i) < 0x20 || s.charCodeAt(i) > 0x7e) return false;
      }
      return false;
    }
    if (c === "?") return (s[++i] === "0" || s[i] === "1") && ++i > 0;
    if (c === ":") {
      const end = s.indexOf(":", i + 1);
      if (end < 0 || !/^[A-Za-z0-9+/=]*$/.test(s.slice(i + 1, end))) return false;
      i = end + 1;
      return true;
    }
    const num = /^-?\d{1,15}(\.\d{1,3})?/.exec(s.slice(i));
    if (num) {
      i += num[0].length;
      return true;
    }
    return token() !== null;
  };
  const item = token();
  if (item === null) return null;
  while (i < s.length) {
    if (s[i] !== ";") return null;
    i++;
    while (s[i] === " ") i++;
    if (!KEY_START.test(s[i] ?? "")) return null;
    while (i < s.length && KEY_CHAR.test(s[i]!)) i++;
    if (s[i] === "=") {
      i++;
      if (!bareItem()) return null;
    }
  }
  return item;
}
