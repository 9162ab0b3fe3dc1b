import { sanitizeUntrusted } from "@/lib/untrusted-text";

/**
 * Record text is hostile: page titles, selectors and URLs come from audited sites, finding titles and paths from CI
 * reports, progress messages and results from GitHub. Everything `search` and `fetch` return goes through these
 * (invisible and bidi characters stripped, secrets redacted, length bounded — lib/untrusted-text.ts).
 */

/** One line of at most `maxChars` characters (line breaks and runs of whitespace become one space); "" for null. */
export function oneLine(s: string | null | undefined, maxChars = 300): string {
  if (!s) return "";
  const { text, truncated } = sanitizeUntrusted(s.replace(/\s+/g, " ").trim(), { maxChars });
  return truncated ? `${text}…` : text;
}

/** Multi-line text, at most `maxChars` characters, cut at a line break where possible; "" for null. */
export function textBlock(s: string | null | undefined, maxChars = 4000): string {
  if (!s) return "";
  const { text, truncated } = sanitizeUntrusted(s.replace(/\r\n?/g, "\n").trim(), { maxChars });
  return truncated ? `${text}\n[…cut]` : text;
}
