import { arr, obj, str, type Rec } from "./sarif-shape";

/**
 * SARIF message text to plain text (SARIF 2.1.0 §3.11): placeholders, embedded links and Markdown. The result is still
 * untrusted: callers bound and sanitise it with `reportText`.
 */

/** `{0}`…`{n}` replaced by `args[n]` (a missing argument leaves the placeholder); `{{`/`}}` are literal braces (§3.11.5). */
export function formatPlaceholders(template: string, args: readonly string[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, n: string | undefined) => (m === "{{" ? "{" : m === "}}" ? "}" : (args[Number(n)] ?? m)));
}

/** Embedded links of plain-text messages (`[a user-provided value](1)`, §3.11.6) become their link text. */
export function stripEmbeddedLinks(text: string): string {
  return text.replace(/(?<!\\)\[((?:[^\]\\]|\\.)*)\]\((?:[^)\\]|\\.)*\)/g, "$1").replace(/\\([[\]])/g, "$1");
}

/** GitHub-flavoured Markdown reduced to its text: links and images → their text, emphasis, code marks, headings, quotes. */
export function stripMarkdown(md: string): string {
  return md
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/`+/g, "")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^\w*])\*(\S(?:[^*\n]*\S)?)\*(?![\w*])/g, "$1$2")
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, "")
    .replace(/^[ \t]*>[ \t]?/gm, "")
    .replace(/\\([\\`*_{}[\]()#+\-.!|>])/g, "$1");
}

/** The text of a SARIF `multiformatMessageString` (`{ text, markdown }`): `text`, else `markdown` stripped. */
export function multiformatText(v: unknown): string | undefined {
  const m = obj(v);
  const text = str(m?.text);
  if (text !== undefined && text.trim() !== "") return text;
  const md = str(m?.markdown);
  return md === undefined ? undefined : stripMarkdown(md);
}

/**
 * A result's message as plain text (§3.11): `message.text`, else `message.id` looked up with `lookup` (the rule's
 * `messageStrings`, then the tool component's `globalMessageStrings`), else `message.markdown`; placeholders filled
 * from `message.arguments`; embedded links reduced to their text.
 */
export function sarifMessage(message: unknown, lookup: (id: string) => Rec | undefined): string | undefined {
  const m = obj(message);
  if (!m) return undefined;
  const args = arr(m.arguments).map((a) => (typeof a === "string" ? a : a === null || a === undefined ? "" : String(a)));
  let text = str(m.text);
  let markdown = false;
  if (text === undefined) {
    const id = str(m.id);
    const ms = id === undefined ? undefined : lookup(id);
    text = str(ms?.text);
    if (text === undefined && (text = str(ms?.markdown) ?? str(m.markdown)) !== undefined) markdown = true;
  }
  if (text === undefined) return undefined;
  const filled = formatPlaceholders(text, args);
  return markdown ? stripMarkdown(filled) : stripEmbeddedLinks(filled);
}

/** Whitespace runs (newlines included) collapsed to one space: a title is one line. */
export const oneLine = (s: string | undefined): string | undefined => (s === undefined ? undefined : s.replace(/\s+/g, " ").trim() || undefined);

/** The first paragraph of `s`, at most `lines` lines. */
export function firstLines(s: string | undefined, lines = 5): string | undefined {
  if (s === undefined) return undefined;
  const para = s.trim().split(/\n[ \t]*\n/)[0] ?? "";
  return para.split("\n").slice(0, lines).join("\n").trim() || undefined;
}
