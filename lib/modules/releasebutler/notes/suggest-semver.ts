import type { ChangeItem } from "./change-item";
import { classifyChange } from "./classify-change";
import type { SemverSuggestion } from "./notes-schema";
import { nextVersion, parseSemverTag } from "./next-version";

const ref = (i: ChangeItem) => (i.number !== null ? `#${i.number}` : (i.sha ?? "").slice(0, 7));
const list = (xs: ChangeItem[]) => `${xs.slice(0, 5).map(ref).join(", ")}${xs.length > 5 ? ` and ${xs.length - 5} more` : ""}`;

/**
 * The SemVer bump the changes call for, with the reason naming the changes that drove it: `major` when any change
 * is breaking (`!`, a `BREAKING CHANGE:` footer, a breaking label such as `breaking-change` or `semver:major`), else
 * `minor` when any is a feature (`feat`, a label such as `enhancement` or `semver:minor`), else `patch`; `none`
 * without changes. `next_version` is `fromTag` bumped by `nextVersion` (0.x: breaking → minor) when it is SemVer.
 * Every change in the range counts, including those release.yml hides from the notes.
 */
export function suggestSemver(items: ChangeItem[], fromTag: string | null): SemverSuggestion {
  if (items.length === 0) return { bump: "none", reason: "No changes in the range.", next_version: null };
  const traits = items.map((i) => ({ i, t: classifyChange(i) }));
  const breaking = traits.filter((x) => x.t.breaking).map((x) => x.i);
  const features = traits.filter((x) => x.t.feature && !x.t.breaking).map((x) => x.i);
  const bump = breaking.length ? "major" : features.length ? "minor" : "patch";
  let reason =
    bump === "major"
      ? `Breaking changes: ${list(breaking)}.`
      : bump === "minor"
        ? `New features: ${list(features)}; no breaking changes.`
        : `${items.length} change${items.length === 1 ? "" : "s"}, none a feature or breaking (fixes, docs, chores).`;
  const from = fromTag ? parseSemverTag(fromTag) : null;
  if (bump === "major" && from?.major === 0) reason += " The version is 0.x, so a breaking change bumps the minor version (SemVer §4; npm/Cargo caret rule).";
  return { bump, reason, next_version: fromTag ? nextVersion(fromTag, bump) : null };
}
