// Conventional Commits 1.0.0 §8–§12, §16: a footer token, then `: ` or ` #`; `BREAKING CHANGE` (or its synonym
// `BREAKING-CHANGE`) MUST be upper-case. A footer starts a line; anywhere in a PR description counts.
const FOOTER = /(?:^|\n)[ \t]*BREAKING[ -]CHANGE(?:: | #)\S/;

/**
 * True when a commit message body (after the subject) or a PR description carries a `BREAKING CHANGE:` /
 * `BREAKING-CHANGE:` footer. `\r\n` line ends are accepted; lower-case `breaking change:` is not a footer.
 */
export function hasBreakingFooter(text: string): boolean {
  return FOOTER.test(text.replace(/\r\n?/g, "\n"));
}
