import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import { SeverityBadge } from "./severity-badge";

/** One rule's findings across a scan's pages (`listFindingGroups`). */
export type FindingGroupRow = {
  ruleId: string;
  severity: string;
  category: string;
  title: string;
  helpUrl: string | null;
  suggestedFix: string | null;
  findingCount: number;
  pageCount: number;
  /** Page URLs, sorted, bounded by the query (`pageCount` may be larger). */
  pages: string[];
};

/** Path and query of a page URL (a scan's pages share the origin). */
function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/**
 * A scan's findings grouped by rule — one row per rule with its severity, category, title and fix, the number of
 * affected pages and findings; the pages are listed when the row's "n pages" is expanded (`<details>`, no script).
 */
export function FindingGroupsTable({ groups, empty }: { groups: FindingGroupRow[]; empty?: string }) {
  const columns = ["Severity", "Category", "Rule", "Title", "Pages", "Findings"];
  return (
    <Table testId="finding-groups-table" caption="Findings grouped by rule">
      <THead columns={columns} />
      <tbody>
        {groups.length === 0 ? <EmptyRow colSpan={columns.length}>{empty ?? "No findings."}</EmptyRow> : null}
        {groups.map((g) => (
          <tr key={`${g.ruleId}|${g.severity}|${g.category}`} className={rowClass} data-testid="finding-group-row" data-rule-id={g.ruleId} data-severity={g.severity}>
            <Td>
              <SeverityBadge severity={g.severity} />
            </Td>
            <Td>
              <Badge>{g.category}</Badge>
            </Td>
            <Td mono>
              {g.helpUrl && /^https?:\/\//i.test(g.helpUrl) ? (
                <a href={g.helpUrl} target="_blank" rel="noopener noreferrer" className="text-blue-700 hover:underline">
                  {g.ruleId}
                </a>
              ) : (
                g.ruleId
              )}
            </Td>
            <Td wrap className="min-w-64 max-w-md">
              {g.title}
              {g.suggestedFix ? <p className="mt-0.5 line-clamp-2 text-xs text-zinc-500">{g.suggestedFix}</p> : null}
            </Td>
            <Td wrap className="min-w-48 max-w-md">
              <details data-testid="finding-group-pages">
                <summary className="cursor-pointer text-blue-700 hover:underline">
                  {g.pageCount} page{g.pageCount === 1 ? "" : "s"}
                </summary>
                <ul className="mt-1 space-y-0.5 font-mono text-xs">
                  {g.pages.map((p) => (
                    <li key={p} title={p}>
                      {/^https?:\/\//i.test(p) ? (
                        <a href={p} target="_blank" rel="noopener noreferrer" className="hover:underline">
                          {pathOf(p)}
                        </a>
                      ) : (
                        p
                      )}
                    </li>
                  ))}
                  {g.pageCount > g.pages.length ? <li className="text-zinc-400">…and {g.pageCount - g.pages.length} more</li> : null}
                </ul>
              </details>
            </Td>
            <Td className="text-right tabular-nums">{g.findingCount}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** "By rule" / "By page" switch for a scan's findings; links keep the other filters (`query`). */
export function FindingViewTabs({ basePath, view, query }: { basePath: string; view: "rule" | "page"; query: Record<string, string[]> }) {
  const href = (v: "rule" | "page") => {
    const sp = new URLSearchParams();
    for (const [k, vals] of Object.entries(query)) for (const one of vals) sp.append(k, one);
    if (v === "page") sp.set("view", "page");
    const qs = sp.toString();
    return `${basePath}${qs ? `?${qs}` : ""}#findings`;
  };
  const tab = (v: "rule" | "page", label: string) => (
    <Link
      href={href(v)}
      aria-current={view === v ? "page" : undefined}
      data-testid={`findings-view-${v}`}
      className={`rounded px-2 py-1 text-xs font-medium ${view === v ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100"}`}
    >
      {label}
    </Link>
  );
  return (
    <div className="flex items-center gap-1" role="navigation" aria-label="Findings view">
      {tab("rule", "By rule")}
      {tab("page", "By page")}
    </div>
  );
}
