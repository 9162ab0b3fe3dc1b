import type { ChangeItem } from "./change-item";
import type { ChangeGroup } from "./change-group";
import { pathScope, ROOT_SCOPE } from "./path-scope";

export const UNKNOWN_SCOPE = "Other changes (files not read)";

/**
 * Group changes by the monorepo scopes of the files they touch (`pathScope`): a change touching several scopes is
 * listed in each. Scopes sort alphabetically, `(root)` after them; changes whose files were not read (lookup cap,
 * error) or that changed no file come last under "Other changes (files not read)".
 * @param files change → its changed paths (from `GET /pulls/{n}/files`, `GET /commits/{sha}`); absent = not read.
 */
export function groupByPaths(items: ChangeItem[], files: Map<ChangeItem, string[]>): ChangeGroup[] {
  const byScope = new Map<string, ChangeItem[]>();
  const unknown: ChangeItem[] = [];
  for (const item of items) {
    const paths = files.get(item);
    if (!paths?.length) {
      unknown.push(item);
      continue;
    }
    for (const scope of new Set(paths.map(pathScope))) {
      if (!byScope.has(scope)) byScope.set(scope, []);
      byScope.get(scope)!.push(item);
    }
  }
  const scopes = [...byScope.keys()].sort((a, b) => (a === ROOT_SCOPE ? 1 : b === ROOT_SCOPE ? -1 : a.localeCompare(b)));
  return [...scopes.map((title) => ({ title, items: byScope.get(title)! })), ...(unknown.length ? [{ title: UNKNOWN_SCOPE, items: unknown }] : [])];
}
