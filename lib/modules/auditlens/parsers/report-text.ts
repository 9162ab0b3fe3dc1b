import { sanitizeUntrusted } from "@/lib/untrusted-text";

/** Bounds for text fields of a finding, characters. */
export const TEXT_LIMITS = { title: 300, description: 4000, snippet: 1000, message: 2000, stack: 2000, id: 300 } as const;

/**
 * Report text is untrusted (a PR author controls test names, messages, file contents): strip invisible and
 * bidi-control characters, redact secrets, bound the length. Empty → undefined.
 */
export function reportText(s: unknown, max: number): string | undefined {
  if (typeof s !== "string") return undefined;
  const t = sanitizeUntrusted(s, { maxChars: max }).text.trim();
  return t === "" ? undefined : t;
}
