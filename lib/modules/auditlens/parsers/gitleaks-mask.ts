import { redactSecrets } from "@/lib/untrusted-text";

/** What is left of a secret: at most its first 4 characters (fewer for short ones, never over a quarter) + `…`. */
export function secretPreview(secret: string): string {
  return `${secret.slice(0, Math.min(4, Math.floor(secret.length / 4)))}…`;
}

/**
 * `text` (Gitleaks' `Match`, v7's `line`/`offender`) made safe to store: every occurrence of the known `secret`
 * replaced by {@link secretPreview} first — the tool found it, so it is a secret whatever its shape — then the generic
 * {@link redactSecrets} patterns for anything else on the line. Not a string → undefined.
 */
export function maskSecret(text: unknown, secret: string | undefined): string | undefined {
  if (typeof text !== "string") return undefined;
  const masked = secret ? text.split(secret).join(secretPreview(secret)) : text;
  return redactSecrets(masked).text;
}
