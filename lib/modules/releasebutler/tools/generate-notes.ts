import { defineTool } from "@/lib/runtime/define-tool";
import { generateReleaseNotes } from "../notes/generate-release-notes";
import { GenerateNotesInput, ReleaseNotes } from "../notes/notes-schema";

export const generateNotes = defineTool({
  name: "releasebutler_generate_notes",
  title: "Generate release notes",
  description:
    "Draft release notes like GitHub's generated ones, for the changes between two tags: the commits between from_tag (default: the latest published release before to_tag) and to_tag (default: the default branch head), each mapped to the merged pull request that introduced it (squash, merge and rebase merges; each PR once) or listed as a direct commit. Without a previous release, the last fallback_window (25) merged PRs, said in range.kind. group_by: labels (the repository's .github/release.yml categories and exclusions, else one \"What's Changed\" list), conventional (Conventional Commits: Breaking Changes, Features, Bug Fixes, Performance, Documentation, …), paths (monorepo scopes such as packages/<x>), none. Returns structured sections, contributors (bots excluded), new contributors (first merged PR in the repository), a suggested SemVer bump with its reason and next_version, the compare link, and Markdown (titles escaped, ≤ 125,000 characters); notes says what was assumed or cut. Read-only.",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: GenerateNotesInput,
  output: ReleaseNotes,
  handler: async (input, { github }) => generateReleaseNotes(await github.forRepo(input.repo), input),
});
