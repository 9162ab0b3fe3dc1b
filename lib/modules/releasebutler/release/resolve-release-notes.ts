import "server-only";
import type { RepoClient } from "@/lib/github/github-access";
import { generateReleaseNotes } from "../notes/generate-release-notes";
import type { CreateReleaseInput } from "./release-input";

/**
 * The notes a release will carry: the given `body`, or — with `generate_notes` — the Markdown of
 * `releasebutler_generate_notes` from the latest published release to the target (labels grouping, PR links), or null.
 */
export async function resolveReleaseNotes(client: RepoClient, input: CreateReleaseInput): Promise<string | null> {
  if (input.body) return input.body;
  if (!input.generate_notes) return null;
  const notes = await generateReleaseNotes(client, { to_tag: input.target_commitish, fallback_window: 25, group_by: "labels", include_pr_links: true });
  return notes.markdown;
}
