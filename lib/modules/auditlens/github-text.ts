import { sanitizeUntrusted } from "@/lib/untrusted-text";

/**
 * Text GitHub hands us (run titles, branch and job names, artifact names) is untrusted: anyone who can push a branch
 * or open a PR chooses it. Strip invisible and bidi-control characters, redact secrets, bound the length.
 */
export function cleanText(s: string | null | undefined, maxChars = 500): string | null {
  if (s === null || s === undefined) return null;
  return sanitizeUntrusted(s, { maxChars }).text;
}
