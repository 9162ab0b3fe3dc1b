import type { ChangeItem } from "./change-item";
import { type ChangeGroup, DIRECT_COMMITS, WHATS_CHANGED } from "./change-group";
import { excludeMatcher } from "./exclude-changes";
import type { ReleaseConfig } from "./release-config";

/**
 * Group pull requests by the repository's release.yml categories, as GitHub's generated notes do: each PR goes to
 * the first category (in file order) that does not exclude it (`exclude.labels|authors`) and whose `labels` include
 * one of its labels (case-insensitive) or `"*"` (the catch-all). Without categories, every PR is listed under
 * "What's Changed". PRs no category takes are left out — GitHub requires a `"*"` category to show them — and counted
 * in `unmatched`. Direct commits (no labels) follow in their own section. Global exclusions are applied earlier.
 */
export function groupByLabels(items: ChangeItem[], config: ReleaseConfig | null): { groups: ChangeGroup[]; unmatched: number } {
  const pulls = items.filter((i) => i.kind === "pull_request");
  const commits = items.filter((i) => i.kind === "commit");
  const tail = commits.length ? [{ title: DIRECT_COMMITS, items: commits }] : [];
  const categories = config?.categories ?? [];
  if (categories.length === 0) return { groups: [...(pulls.length ? [{ title: WHATS_CHANGED, items: pulls }] : []), ...tail], unmatched: 0 };
  const groups = categories.map((c) => ({
    title: c.title,
    items: [] as ChangeItem[],
    excluded: excludeMatcher(c.exclude),
    any: c.labels.includes("*"),
    labels: new Set(c.labels.map((l) => l.toLowerCase())),
  }));
  let unmatched = 0;
  for (const pr of pulls) {
    const home = groups.find((g) => !g.excluded(pr) && (g.any || pr.labels.some((l) => g.labels.has(l.toLowerCase()))));
    if (home) home.items.push(pr);
    else unmatched++;
  }
  return { groups: [...groups.filter((g) => g.items.length).map((g) => ({ title: g.title, items: g.items })), ...tail], unmatched };
}
