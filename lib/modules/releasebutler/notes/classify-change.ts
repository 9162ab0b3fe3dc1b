import type { ChangeItem } from "./change-item";
import { type ConventionalHeader, parseConventionalHeader } from "./conventional-commit";
import { hasBreakingFooter } from "./has-breaking-footer";

/** Labels that mark a breaking change: `breaking`, `breaking-change`, `breaking change`, `semver:major`, `Semver-Major`, `kind/breaking-change`, `major`. */
const BREAKING_LABEL = /^(?:(?:semver|kind|type|release|bump|change)[\s:/_-]*)?(?:breaking(?:[\s_-]*changes?)?|major)$/i;
/** Labels that mark a feature: `enhancement`, `feature`, `feat`, `new feature`, `semver:minor`, `Semver-Minor`, `kind/feature`, `minor`. */
const FEATURE_LABEL = /^(?:(?:semver|kind|type|release|bump|change)[\s:/_-]*)?(?:feat|features?|enhancement|new[\s_-]*feature|minor)$/i;

export type ChangeTraits = {
  /** The title's Conventional Commits header, or null. */
  header: ConventionalHeader | null;
  breaking: boolean;
  feature: boolean;
};

const splitMessage = (m: string) => {
  const nl = m.indexOf("\n");
  return nl < 0 ? [m, ""] : [m.slice(0, nl), m.slice(nl + 1)];
};

/**
 * What a change means for SemVer and the conventional grouping. Breaking: a `!` in the title's header, a
 * `BREAKING CHANGE:` footer in the PR body, any of its commits with a `!` header or that footer, or a breaking
 * label. Feature: a `feat` title, a feature label, or — when the title is not conventional — a `feat` commit.
 */
export function classifyChange(item: ChangeItem): ChangeTraits {
  const header = parseConventionalHeader(item.title);
  const commits = item.messages.map(splitMessage).map(([subject, body]) => ({ header: parseConventionalHeader(subject!), body: body! }));
  const breaking =
    Boolean(header?.bang) ||
    (item.kind === "pull_request" && hasBreakingFooter(item.body)) ||
    commits.some((c) => c.header?.bang || hasBreakingFooter(c.body)) ||
    item.labels.some((l) => BREAKING_LABEL.test(l.trim()));
  const feature =
    header?.type === "feat" || item.labels.some((l) => FEATURE_LABEL.test(l.trim())) || (!header && commits.some((c) => c.header?.type === "feat"));
  return { header, breaking, feature };
}
