/**
 * Markdown for GitHub issue bodies built from untrusted report text (finding titles, test messages, paths, log lines):
 * the text must render as written, never as markup a report author chose — no @mentions that page people, no
 * `#123` cross-links, no HTML (images, tracking pixels, fake `<!-- omniaudit:… -->` markers), no links or emphasis.
 * GitHub Flavored Markdown spec 0.29 §2.4 (backslash escapes), §6.1 (entity references), §4.5 (fenced code blocks).
 */

const ESCAPED = /[\\`*_{}[\]()#+\-.!|~"']/g;

/** URLs, `www.` hosts and e-mail addresses: GFM would autolink them (§6.9), escaped or not (remark resolves escapes first). */
const LINKISH = /\b(?:[a-z][a-z0-9+.-]{1,20}:\/\/|www\.)[^\s<>|`]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

function escapeText(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(ESCAPED, (c) => `\\${c}`)
    .replace(/@/g, "&#64;");
}

/**
 * One line of inline text: line breaks folded to spaces, `&`, `<` and `>` as entity references (no HTML, no
 * comment — so no forged marker), every other ASCII punctuation with a Markdown meaning backslash-escaped (GFM §2.4),
 * `@` as `&#64;` so no user or team is mentioned, URLs and e-mail addresses as inline code so none becomes a link,
 * and bounded to `maxChars` (an ellipsis marks the cut).
 */
export function mdText(s: string, maxChars = 300): string {
  const flat = s.replace(/\s+/g, " ").trim();
  const cut = flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
  let out = "";
  let at = 0;
  for (const m of cut.matchAll(LINKISH)) {
    out += escapeText(cut.slice(at, m.index)) + mdCode(m[0], maxChars);
    at = m.index + m[0].length;
  }
  return out + escapeText(cut.slice(at));
}

/**
 * Inline code (`path/to/file.ts:12`): the text in a backtick span longer than any backtick run inside it (GFM §6.3),
 * line breaks folded, bounded. Code spans render their content literally, so nothing in it is markup. In a table
 * cell (`inTable`), `|` is escaped as `\|` — a pipe ends a cell even inside a code span (GFM §4.10).
 */
export function mdCode(s: string, maxChars = 300, o: { inTable?: boolean } = {}): string {
  const flat = s.replace(/\s+/g, " ").trim();
  const cut = flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
  const longest = Math.max(0, ...(cut.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  const pad = cut.startsWith("`") || cut.endsWith("`") ? " " : "";
  const text = o.inTable ? cut.replace(/\|/g, "\\|") : cut;
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A fenced code block (GFM §4.5) around untrusted lines, its fence longer than any backtick or tilde run inside, so
 * the content cannot close it; `maxLines` and `maxChars` bound it (a final line says how much was cut).
 */
export function mdCodeBlock(text: string, o: { maxLines?: number; maxChars?: number; info?: string } = {}): string {
  const maxLines = o.maxLines ?? 30;
  const maxChars = o.maxChars ?? 4000;
  let lines = text.replace(/\r\n?/g, "\n").split("\n");
  let cut = 0;
  if (lines.length > maxLines) {
    cut = lines.length - maxLines;
    lines = lines.slice(0, maxLines);
  }
  let body = lines.join("\n");
  if (body.length > maxChars) {
    body = body.slice(0, maxChars);
    cut = Math.max(cut, 1);
  }
  const longest = Math.max(2, ...(body.match(/`+|~+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${o.info ?? ""}\n${body}\n${fence}${cut ? "\n_(cut)_" : ""}`;
}

/**
 * A link whose text is untrusted and whose URL we built (`https://…` only; anything else renders as text).
 * Parentheses and spaces in the URL are percent-encoded so the destination cannot end early (GFM §6.6).
 */
export function mdLink(text: string, url: string): string {
  if (!/^https?:\/\//i.test(url)) return mdText(text);
  return `[${mdText(text)}](${url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)})`;
}
