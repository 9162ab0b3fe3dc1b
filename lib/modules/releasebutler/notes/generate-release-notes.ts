import type { RepoClient } from "@/lib/github/github-access";
import { AppError } from "@/lib/errors";
import type { ChangeItem } from "./change-item";
import { classifyChange } from "./classify-change";
import { collectChanges } from "./collect-changes";
import { excludeMatcher } from "./exclude-changes";
import { findNewContributors, MAX_CONTRIBUTOR_CHECKS } from "./find-new-contributors";
import { groupChanges } from "./group-changes";
import { loadReleaseConfig } from "./load-release-config";
import { type GenerateNotesInput, NotesOptions, type NotesSection, type ReleaseNotes } from "./notes-schema";
import { renderNotesMarkdown } from "./render-notes-markdown";
import { suggestSemver } from "./suggest-semver";

const entryOf = (i: ChangeItem) => ({ pr_number: i.number, title: i.title, author: i.author, url: i.url, sha: i.sha, labels: i.labels, breaking: classifyChange(i).breaking });

/**
 * Release notes for `client`'s repository, as `releasebutler_generate_notes` returns them (and `create_release` with
 * `generate_notes: true` uses): the changes between `from_tag` and `to_tag` (`collectChanges`; the fallback window
 * without a previous release), the repository's `.github/release.yml` (or `.yaml`) read at `to_tag` — its
 * `changelog.exclude` hides changes in every grouping, its categories drive `group_by: "labels"` — sections
 * (`groupChanges`), contributors (bots excluded), new contributors (`findNewContributors`), a SemVer suggestion
 * over every change in the range (`suggestSemver`) and GitHub-style Markdown (`renderNotesMarkdown`, ≤ 125,000
 * characters). Reads only; every GitHub call is bounded (see each step).
 * @param input the tool's input (defaults applied here: fallback_window 25, group_by labels, include_pr_links true);
 *   `repo` may be left out, and must name `client`'s repository when given.
 * @throws AppError `VALIDATION_ERROR` for bad options or a `repo` other than the client's; `NOT_FOUND` naming an unknown tag or repository; other GitHub
 *   errors through `mapGitHubError`.
 */
export async function generateReleaseNotes(client: RepoClient, input: GenerateNotesInput): Promise<ReleaseNotes> {
  const parsed = NotesOptions.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("VALIDATION_ERROR", `${issue.path.join(".")}: ${issue.message}`, { field: issue.path.join(".") });
  }
  const full = `${client.owner}/${client.repo}`;
  if (input.repo !== undefined && input.repo.toLowerCase() !== full.toLowerCase()) {
    throw new AppError("VALIDATION_ERROR", `repo ${JSON.stringify(input.repo.slice(0, 140))} is not the repository of this client (${full}).`, { field: "repo" });
  }
  const o = parsed.data;
  const changes = await collectChanges(client, { fromTag: o.from_tag, toTag: o.to_tag, window: o.fallback_window });
  const notes = [...changes.notes];
  const cfg = await loadReleaseConfig(client, changes.to);
  if (cfg.problem) notes.push(cfg.problem);
  const hidden = cfg.config ? excludeMatcher(cfg.config.exclude) : () => false;
  const shown = changes.items.filter((i) => !hidden(i));
  if (shown.length < changes.items.length) notes.push(`${changes.items.length - shown.length} change(s) hidden by changelog.exclude in ${cfg.path}.`);
  const grouped = await groupChanges(client, shown, { groupBy: o.group_by, config: cfg.config });
  notes.push(...grouped.notes);

  const listed = [...new Set(grouped.groups.flatMap((g) => g.items))];
  const contributors = [...new Map(listed.filter((i) => i.isLogin && !i.isBot).map((i) => [i.author.toLowerCase(), i.author])).values()];
  const fresh = await findNewContributors(client, listed);
  if (fresh.unchecked) notes.push(`${fresh.unchecked} author(s) not checked for a first contribution (at most ${MAX_CONTRIBUTOR_CHECKS}${fresh.problem ? `; ${fresh.problem}` : ""}).`);

  const rendered = renderNotesMarkdown({ groups: grouped.groups, newContributors: fresh.found, compareUrl: changes.compareUrl, includePrLinks: o.include_pr_links });
  if (rendered.omitted) notes.push(`The Markdown leaves out ${rendered.omitted} change line(s) to stay within GitHub's 125,000-character release body limit; sections list them all.`);
  const sections: NotesSection[] = grouped.groups.map((g) => ({ title: g.title, entries: g.items.map(entryOf) }));
  return {
    repo: full,
    range: {
      kind: changes.kind,
      from_tag: changes.from,
      to_tag: changes.to,
      compare_url: changes.compareUrl,
      total_commits: changes.totalCommits,
      truncated: changes.truncated || grouped.cut > 0 || rendered.omitted > 0,
    },
    sections,
    contributors,
    new_contributors: fresh.found.map(({ login, pr_number }) => ({ login, pr_number })),
    semver: suggestSemver(changes.items, changes.from),
    markdown: rendered.markdown,
    notes,
  };
}
