import { ancestors, compareCommits, repoKey, resolveRef, tagsOf } from "./git-graph";
import type { FakeContext } from "./http";
import { releasesOf } from "./release-ops";
import type { FakeIssue, FakeRepo } from "./state";

/**
 * GitHub's automatically generated release notes (without `.github/release.yml` categories): the pull requests merged
 * since `previousTag` (default: the tag of the newest other full release — no draft, no prerelease — that is an
 * ancestor of `target`), a "New Contributors" section, and the "Full Changelog" link.
 * @param o.target the sha the release points at.
 * @returns `name` (the tag) and the Markdown `body`.
 */
export function generateNotes(f: FakeContext, repo: FakeRepo, o: { tag: string; target: string; previousTag?: string }): { name: string; body: string } {
  const { state } = f;
  const key = repoKey(repo);
  const reachable = ancestors(state, o.target);
  const tags = tagsOf(state, repo);
  const previous =
    o.previousTag ??
    releasesOf(state, repo).find((r) => !r.draft && !r.prerelease && r.tagName !== o.tag && tags.has(r.tagName) && reachable.has(tags.get(r.tagName)!) && tags.get(r.tagName) !== o.target)?.tagName;
  const base = previous ? resolveRef(state, repo, previous) : null;
  const range = new Set(base ? compareCommits(state, base, o.target).ahead.map((c) => c.sha) : reachable);
  const inRange = (i: FakeIssue) => !!i.pull?.mergeCommitSha && [i.pull.mergeCommitSha, ...(i.pull.commitShas ?? [])].some((s) => range.has(s));
  const merged = state.issues.filter((i) => i.repo === key && i.pull?.mergedAt).sort((a, b) => a.pull!.mergedAt!.localeCompare(b.pull!.mergedAt!) || a.number - b.number);
  const pulls = merged.filter(inRange);
  const web = `${f.apiUrl}/${key}`;
  const lines: string[] = [];
  if (pulls.length) lines.push("## What's Changed", ...pulls.map((p) => `* ${p.title} by @${p.user} in ${web}/pull/${p.number}`), "");
  const firsts = pulls.filter((p) => merged.find((m) => m.user === p.user) === p);
  if (firsts.length) lines.push("## New Contributors", ...firsts.map((p) => `* @${p.user} made their first contribution in ${web}/pull/${p.number}`), "");
  lines.push(previous ? `**Full Changelog**: ${web}/compare/${previous}...${o.tag}` : `**Full Changelog**: ${web}/commits/${o.tag}`);
  return { name: o.tag, body: lines.join("\n") };
}
