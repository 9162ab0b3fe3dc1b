/**
 * Auto-escaping HTML templates for the report. Every interpolated value is escaped unless it is already {@link SafeHtml}
 * (built by {@link html} itself), so hostile page titles, selectors and messages render as text. Escaping follows
 * the HTML Living Standard's serialisation rules for text and double-quoted attribute values (§13.3): `&`, `<`, `>`,
 * `"` and `'` become character references — safe in element content and in any quoted attribute.
 */

/** Markup that is already safe to emit (produced by {@link html} or {@link trusted}). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text as HTML: the five significant characters as character references. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(v: unknown): string {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join("");
  if (v === null || v === undefined || v === false) return "";
  return escapeHtml(String(v));
}

/**
 * Tagged template: `html\`<td>${title}</td>\`` escapes `title`; arrays are concatenated (each item escaped or kept
 * as SafeHtml); `null`, `undefined` and `false` render nothing. Attribute values must be written double-quoted.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** A constant string of markup written in this codebase (never data). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** The URL when it is an absolute http(s) URL (safe as an `href`), else null (`javascript:`, `data:`, relative, junk). */
export function httpUrl(u: string | null | undefined): string | null {
  if (!u || !/^https?:\/\//i.test(u)) return null;
  try {
    return new URL(u).href;
  } catch {
    return null;
  }
}
