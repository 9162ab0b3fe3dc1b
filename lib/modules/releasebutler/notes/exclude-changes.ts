import type { ChangeItem } from "./change-item";

const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));

/**
 * A test for release.yml `exclude` lists: a change is excluded when it carries one of `labels` (case-insensitive, as
 * GitHub labels are) or its author's login is one of `authors` — `dependabot` also matches the App login
 * `dependabot[bot]`, since repositories write it either way. Commit authors without a GitHub login never match.
 */
export function excludeMatcher(o: { labels: string[]; authors: string[] }): (item: ChangeItem) => boolean {
  const labels = lower(o.labels);
  const authors = lower(o.authors);
  return (item) => {
    if (item.labels.some((l) => labels.has(l.toLowerCase()))) return true;
    if (!item.isLogin) return false;
    const login = item.author.toLowerCase();
    return authors.has(login) || authors.has(login.replace(/\[bot\]$/, ""));
  };
}
