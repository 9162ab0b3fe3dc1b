import { defineTool } from "@/lib/runtime/define-tool";
import { generateReleaseNotes } from "../notes/generate-release-notes";
import { GenerateNotesInput, ReleaseNotes } from "../notes/notes-schema";

export const generateNotes = defineTool({
  name: "releasebutler_generate_notes",
  title: "Generate release notes",
  description:
    "Draft release notes like GitHub's generated ones for the changes between from_tag (default: the previous published release) and to_tag (default: the default branch head): commits mapped to their merged PRs (squash, merge, rebase; each once) or listed as direct commits; no previous release → the last fallback_window merged PRs. group_by: labels (.github/release.yml categories), conventional (Conventional Commits), paths (monorepo scopes), none. Returns sections, contributors and new contributors, a suggested SemVer bump with next_version, the compare link and Markdown; notes says what was assumed or cut. Read-only.",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: GenerateNotesInput,
  output: ReleaseNotes,
  handler: async (input, { github }) => generateReleaseNotes(await github.forRepo(input.repo), input),
});
