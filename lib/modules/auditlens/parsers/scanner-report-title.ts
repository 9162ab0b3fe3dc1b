import { reportText, TEXT_LIMITS } from "./report-text";

/**
 * A finding title from a scanner's message: its first sentence when that is at least 12 characters (Semgrep and
 * Bandit hard-wrap long messages at ~80 columns, so the first line is often half a sentence), line breaks folded;
 * else the folded message, bounded by {@link reportText}. The full message stays the description.
 */
export function messageTitle(message: unknown): string | undefined {
  if (typeof message !== "string") return undefined;
  const folded = message.replace(/\s+/g, " ").trim();
  const sentence = /^.{12,}?[.!?](?= |$)/.exec(folded)?.[0];
  return reportText(sentence ?? folded, TEXT_LIMITS.title);
}
