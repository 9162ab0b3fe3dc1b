import { z } from "zod";

export { RepoInput } from "@/lib/github/repo-input";

/** A git tag name (git check-ref-format rules, loosely: no spaces, control characters, `..`, `~^:?*[\\`). */
export const TagInput = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!.*\.\.)(?!\/)(?!.*\/$)[^\s~^:?*[\\\u0000-\u001f\u007f]+$/, "not a valid git tag name")
  .describe("Tag name, e.g. v2.3.0");

/** Which release: `tag`, or `latest` (GitHub's latest: newest published, non-prerelease, non-draft). */
export const ReleaseSelector = {
  tag: TagInput.optional(),
  latest: z.boolean().optional().describe("true for the latest published release (instead of tag)"),
};

/** Refine: exactly one of `tag` and `latest: true`. */
export const oneReleaseSelector = [
  (i: { tag?: string; latest?: boolean }) => (i.tag !== undefined) !== (i.latest === true),
  { message: "give exactly one of tag and latest: true" },
] as const;

/** `{ tag }` or `{ latest: true }` from the selector fields. */
export const selectorOf = (i: { tag?: string; latest?: boolean }): { tag: string } | { latest: true } => (i.tag !== undefined ? { tag: i.tag } : { latest: true });
