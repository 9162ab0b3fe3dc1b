/** A Conventional Commits header: `type(scope)!: description`. */
export type ConventionalHeader = { type: string; scope: string | null; bang: boolean; description: string };

// Conventional Commits 1.0.0 §1–§5: a type (a noun), an optional scope in parentheses, an optional `!`, then the
// REQUIRED colon and space, then the description. Types are case-insensitive (§15): we lower-case them.
const HEADER = /^(?<type>[A-Za-z]+)(?:\((?<scope>[^()\r\n]+)\))?(?<bang>!)?: (?<description>\S.*)$/;

/**
 * Parse the header of a Conventional Commit (a PR title or a commit subject); null when it is not one.
 * @example parseConventionalHeader("feat(api)!: drop v1") → { type: "feat", scope: "api", bang: true, description: "drop v1" }
 */
export function parseConventionalHeader(subject: string): ConventionalHeader | null {
  const m = HEADER.exec(subject.trim());
  if (!m?.groups) return null;
  const g = m.groups as { type: string; scope?: string; bang?: string; description: string };
  return { type: g.type.toLowerCase(), scope: g.scope?.trim() || null, bang: Boolean(g.bang), description: g.description.trim() };
}
