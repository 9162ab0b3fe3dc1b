import type { ChangeItem } from "./change-item";
import type { ChangeGroup } from "./change-group";
import { classifyChange } from "./classify-change";

export const BREAKING_CHANGES = "Breaking Changes";
const OTHER = "Other Changes";

/** Conventional Commits types → section, in the order sections appear (after Breaking Changes). */
const SECTIONS: [title: string, types: string[]][] = [
  ["Features", ["feat"]],
  ["Bug Fixes", ["fix"]],
  ["Performance", ["perf"]],
  ["Reverts", ["revert"]],
  ["Documentation", ["docs"]],
  ["Refactoring", ["refactor"]],
  ["Tests", ["test", "tests"]],
  ["Build & CI", ["build", "ci"]],
  ["Chores", ["chore", "style"]],
];
const SECTION_OF = new Map(SECTIONS.flatMap(([title, types]) => types.map((t) => [t, title] as const)));

/**
 * Group changes by their Conventional Commits 1.0.0 type, read from the PR title or the commit subject: every
 * breaking change (`!`, a `BREAKING CHANGE:` footer, a breaking label — see `classifyChange`) under "Breaking
 * Changes" only; then Features (feat), Bug Fixes (fix), Performance (perf), Reverts, Documentation (docs),
 * Refactoring, Tests, Build & CI (build, ci), Chores (chore, style); titles that are not conventional, or of another
 * type, under "Other Changes". Empty sections are left out; PRs and direct commits share the sections.
 */
export function groupByConventional(items: ChangeItem[]): ChangeGroup[] {
  const order = [BREAKING_CHANGES, ...SECTIONS.map(([t]) => t), OTHER];
  const byTitle = new Map(order.map((t) => [t, [] as ChangeItem[]]));
  for (const item of items) {
    const { header, breaking } = classifyChange(item);
    const title = breaking ? BREAKING_CHANGES : ((header && SECTION_OF.get(header.type)) ?? OTHER);
    byTitle.get(title)!.push(item);
  }
  return order.map((title) => ({ title, items: byTitle.get(title)! })).filter((g) => g.items.length);
}
