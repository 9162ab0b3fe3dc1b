import type { RepoClient } from "@/lib/github/github-access";
import type { ChangeItem } from "./change-item";
import { type ChangeGroup, WHATS_CHANGED } from "./change-group";
import { groupByConventional } from "./group-by-conventional";
import { groupByLabels } from "./group-by-labels";
import { groupByPaths } from "./group-by-paths";
import { listChangeFiles, MAX_FILE_LOOKUPS } from "./list-change-files";
import type { NotesOptionsParsed } from "./notes-schema";
import type { ReleaseConfig } from "./release-config";

/** Most entries across all sections (a change in several path scopes counts once per scope). */
export const MAX_ENTRIES = 1000;

/**
 * Sections for `group_by`: `labels` (release.yml categories, `groupByLabels`), `conventional`
 * (`groupByConventional`), `paths` (scopes of the changed files, `listChangeFiles` + `groupByPaths`), `none` (one
 * "What's Changed" list, PRs and direct commits together). At most {@link MAX_ENTRIES} entries are kept, in section
 * order; `notes` says what was left out and why.
 */
export async function groupChanges(client: RepoClient, items: ChangeItem[], o: { groupBy: NotesOptionsParsed["group_by"]; config: ReleaseConfig | null }): Promise<{ groups: ChangeGroup[]; notes: string[]; cut: number }> {
  const notes: string[] = [];
  let groups: ChangeGroup[];
  if (o.groupBy === "labels") {
    const r = groupByLabels(items, o.config);
    if (r.unmatched) notes.push(`${r.unmatched} pull request${r.unmatched === 1 ? " matches" : "s match"} no category of .github/release.yml (it has no "*" catch-all) and ${r.unmatched === 1 ? "is" : "are"} left out, as GitHub does.`);
    groups = r.groups;
  } else if (o.groupBy === "conventional") groups = groupByConventional(items);
  else if (o.groupBy === "paths") {
    const r = await listChangeFiles(client, items);
    if (r.unread) notes.push(`The files of ${r.unread} change${r.unread === 1 ? " were" : "s were"} not read (at most ${MAX_FILE_LOOKUPS}${r.problem ? `; ${r.problem}` : ""}).`);
    groups = groupByPaths(items, r.files);
  } else groups = items.length ? [{ title: WHATS_CHANGED, items }] : [];
  let room = MAX_ENTRIES;
  let cut = 0;
  const kept = groups.map((g) => {
    const take = g.items.slice(0, Math.max(0, room));
    room -= take.length;
    cut += g.items.length - take.length;
    return { title: g.title, items: take };
  });
  if (cut) notes.push(`${cut} entries beyond ${MAX_ENTRIES} were cut.`);
  return { groups: kept.filter((g) => g.items.length), notes, cut };
}
