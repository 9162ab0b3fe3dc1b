import { z } from "zod";

/**
 * A git ref a caller names (tag, branch or SHA), checked against `git check-ref-format` rules: no control characters,
 * spaces, `~ ^ : ? * [ \`, no `..`, `@{` or `//`, not starting with `/`, `.` or `-`, not ending with `/`, `.` or `.lock`.
 */
export const RefInput = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?![/.-])(?!.*\.\.)(?!.*@\{)(?!.*\/\/)[^\x00-\x20\x7f~^:?*[\\]+(?<![/.])(?<!\.lock)$/, "a git tag, branch or commit SHA");

/** Options of release-notes generation (the tool's input without `repo`); defaults as documented. */
export const NotesOptions = z.object({
  from_tag: RefInput.optional().describe("Previous release's tag (default: the latest published release before to_tag; none → the fallback window)"),
  to_tag: RefInput.optional().describe("Tag, branch or SHA being released (default: the head of the default branch)"),
  fallback_window: z.number().int().min(1).max(500).default(25).describe("Without a previous release: the last N merged pull requests into the default branch"),
  group_by: z
    .enum(["labels", "conventional", "paths", "none"])
    .default("labels")
    .describe("labels: .github/release.yml categories (else one list); conventional: Conventional Commits types; paths: monorepo scopes; none: one list"),
  include_pr_links: z.boolean().default(true).describe("true: each line links the full pull request URL; false: #number only"),
});
export type NotesOptionsParsed = z.output<typeof NotesOptions>;

/** The tool's input: the options and the repository. */
export const GenerateNotesInput = NotesOptions.extend({ repo: z.string().min(3).max(140).describe('GitHub repository as "owner/name"') }).strict();
/** What `generateReleaseNotes` takes: the options, defaults optional, and (ignored but checked) the tool's `repo`. */
export type GenerateNotesInput = z.input<typeof NotesOptions> & { repo?: string };

export const NotesEntry = z.object({
  pr_number: z.number().int().nullable().describe("null for a commit pushed without a pull request"),
  title: z.string().describe("PR title or commit subject (invisible characters stripped; plain text, not Markdown)"),
  author: z.string().describe("GitHub login, or the commit author's name when the commit has no GitHub account"),
  url: z.string(),
  sha: z.string().nullable().describe("Merge/squash commit of the PR, or the direct commit"),
  labels: z.array(z.string()),
  breaking: z.boolean(),
});
export type NotesEntry = z.infer<typeof NotesEntry>;

export const NotesSection = z.object({ title: z.string(), entries: z.array(NotesEntry) });
export type NotesSection = z.infer<typeof NotesSection>;

export const SemverSuggestion = z.object({
  bump: z.enum(["major", "minor", "patch", "none"]),
  reason: z.string(),
  next_version: z.string().nullable().describe("from_tag bumped, when from_tag is a SemVer tag (prefix v kept)"),
});
export type SemverSuggestion = z.infer<typeof SemverSuggestion>;

/** What `releasebutler_generate_notes` (and `create_release` with `generate_notes`) returns. */
export const ReleaseNotes = z.object({
  repo: z.string(),
  range: z.object({
    kind: z.enum(["tags", "fallback_window"]).describe("fallback_window: no previous release, the last fallback_window merged PRs"),
    from_tag: z.string().nullable(),
    to_tag: z.string(),
    compare_url: z.string().describe("GitHub's compare page (fallback_window: the commit history of to_tag)"),
    total_commits: z.number().int().nullable().describe("Commits between the tags (null in the fallback window)"),
    truncated: z.boolean().describe("Commits, lookups, entries or Markdown were cut; `notes` says what"),
  }),
  sections: z.array(NotesSection),
  contributors: z.array(z.string()).describe("Logins of the authors in these notes, bots excluded, first appearance first"),
  new_contributors: z.array(z.object({ login: z.string(), pr_number: z.number().int() })).describe("Authors whose first merged PR in the repository is in this range"),
  semver: SemverSuggestion,
  markdown: z.string().describe("GitHub-style release notes, at most 125,000 characters (GitHub's release body limit)"),
  notes: z.array(z.string()).describe("What was assumed, skipped or cut"),
});
export type ReleaseNotes = z.infer<typeof ReleaseNotes>;
