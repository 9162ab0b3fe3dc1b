import type { ChangeItem } from "./change-item";

/** A titled group of changes before rendering; titles may come from the repository (release.yml) — untrusted. */
export type ChangeGroup = { title: string; items: ChangeItem[] };

/** The heading GitHub's generated notes use for their single list. */
export const WHATS_CHANGED = "What's Changed";
/** The section of commits pushed without a pull request (GitHub's own notes leave them out). */
export const DIRECT_COMMITS = "Direct commits";
