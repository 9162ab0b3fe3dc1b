/** What {@link scanJson} read: the values it completed or cut short, and why it stopped. */
export type JsonScan = {
  /** Top-level values in order (several for NDJSON / concatenated JSON); the last one may be partial. */
  docs: unknown[];
  /** Input ended inside a value (a head cut from a bigger file). */
  truncated: boolean;
  /** A syntax error stopped the scan; `docs` holds what was read before it. */
  error: boolean;
};

const MISSING = Symbol("missing");
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
// Python's json module writes these for float NaN/inf (bandit, semgrep): accept them rather than misreading a report.
const LITERALS: [string, unknown][] = [["true", true], ["false", false], ["null", null], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]];

/**
 * A forgiving JSON reader for format sniffing (RFC 8259 grammar, plus `NaN`/`Infinity`). Unlike `JSON.parse` it keeps
 * what it has when the text ends mid-value or hits a syntax error, so the first 64 KiB of a 50 MB report still yields
 * its leading keys: a partial object holds every complete member read so far (a member whose key was cut is dropped),
 * a partial array every element started, a partial string its prefix. Objects are null-prototype records, so a
 * `__proto__` key is plain data.
 * @param o.maxDocs stop after this many top-level values (NDJSON).
 * @param o.maxDepth nesting beyond this is treated as truncation (no recursion blow-up on `[[[[…`).
 */
export function scanJson(text: string, { maxDocs = 200, maxDepth = 256 }: { maxDocs?: number; maxDepth?: number } = {}): JsonScan {
  let pos = 0;
  let truncated = false;
  let error = false;
  const stopped = () => truncated || error;
  const atEnd = () => {
    while (pos < text.length && " \t\n\r".includes(text[pos]!)) pos++;
    return pos >= text.length;
  };

  function value(depth: number): unknown {
    if (atEnd()) return ((truncated = true), MISSING);
    if (depth > maxDepth) return ((truncated = true), MISSING);
    const c = text[pos]!;
    if (c === "{") return object(depth);
    if (c === "[") return array(depth);
    if (c === '"') return string();
    for (const [word, v] of LITERALS) {
      if (text.startsWith(word, pos)) return ((pos += word.length), v);
      if (pos + word.length > text.length && word.startsWith(text.slice(pos))) return ((truncated = true), MISSING);
    }
    NUMBER_RE.lastIndex = pos;
    const m = NUMBER_RE.exec(text);
    if (m) return ((pos += m[0].length), Number(m[0]));
    return ((error = true), MISSING);
  }

  function object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    pos++;
    for (let first = true; ; first = false) {
      if (atEnd()) return ((truncated = true), out);
      if (text[pos] === "}") return (pos++, out);
      if (!first) {
        if (text[pos] !== ",") return ((error = true), out);
        pos++;
        if (atEnd()) return ((truncated = true), out);
      }
      if (text[pos] !== '"') return ((error = true), out);
      const key = string();
      if (stopped()) return out;
      if (atEnd()) return ((truncated = true), out);
      if (text[pos] !== ":") return ((error = true), out);
      pos++;
      const v = value(depth + 1);
      if (v !== MISSING) out[key] = v;
      if (stopped()) return out;
    }
  }

  function array(depth: number): unknown[] {
    const out: unknown[] = [];
    pos++;
    for (let first = true; ; first = false) {
      if (atEnd()) return ((truncated = true), out);
      if (text[pos] === "]") return (pos++, out);
      if (!first) {
        if (text[pos] !== ",") return ((error = true), out);
        pos++;
      }
      const v = value(depth + 1);
      if (v !== MISSING) out.push(v);
      if (stopped()) return out;
    }
  }

  function string(): string {
    let out = "";
    pos++;
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === '"') return (pos++, out);
      if (c < " ") return ((error = true), out);
      if (c !== "\\") {
        out += c;
        pos++;
        continue;
      }
      const e = text[pos + 1];
      if (e === undefined) break;
      if (e === "u") {
        const hex = text.slice(pos + 2, pos + 6);
        if (hex.length < 4) break;
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return ((error = true), out);
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else if (e in ESCAPES) {
        out += ESCAPES[e];
        pos += 2;
      } else {
        return ((error = true), out);
      }
    }
    truncated = true;
    return out;
  }

  const docs: unknown[] = [];
  while (docs.length < maxDocs && !atEnd()) {
    const v = value(0);
    if (v !== MISSING) docs.push(v);
    if (stopped()) break;
  }
  return { docs, truncated, error };
}
