import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import type { FindingView } from "@/lib/modules/sitelint/finding-view";
import { SeverityBadge } from "./severity-badge";

/**
 * A finding, optionally with what produced it (the cross-module `/findings` page links each row to it): a SiteLint
 * scan's job (`job_id`), or an AuditLens report / triage (`source_link`); `location` (file:line, package@version)
 * replaces the page URL for findings that have none.
 */
export type FindingsTableRow = Omit<FindingView, "category"> & { category: string; job_id?: string | null; source_link?: { href: string | null; label: string } | null; location?: string | null };

/** Path and query of a page URL (the origin is the same within a scan), with the host when rows span scans. */
function shortUrl(url: string | null, withHost: boolean): string {
  if (!url) return "—";
  try {
    const u = new URL(url);
    return `${withHost ? u.host : ""}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/**
 * Findings with severity, category, rule, title, page, selector and confidence; `showJob` adds a job link column.
 * `variant="code"` (CI evidence: AuditLens) shows the tool and the location (file:line, package@version, test) instead
 * of page and selector.
 */
export function FindingsTable({ findings, showJob = false, empty, variant = "page" }: { findings: FindingsTableRow[]; showJob?: boolean; empty?: string; variant?: "page" | "code" }) {
  const code = variant === "code";
  const columns = ["Severity", "Category", ...(code ? ["Tool"] : []), "Rule", "Title", code ? "Location" : showJob ? "Page / location" : "Page", ...(code ? [] : ["Selector"]), "Confidence", ...(showJob ? ["Source"] : [])];
  return (
    <Table testId="findings-table" caption="Findings">
      <THead columns={columns} />
      <tbody>
        {findings.length === 0 ? <EmptyRow colSpan={columns.length}>{empty ?? "No findings."}</EmptyRow> : null}
        {findings.map((f) => (
          <tr key={f.finding_id} className={rowClass} data-testid="finding-row" data-finding-id={f.finding_id} data-severity={f.severity} data-rule-id={f.rule_id}>
            <Td>
              <SeverityBadge severity={f.severity} />
            </Td>
            <Td>
              <Badge>{f.category}</Badge>
            </Td>
            {code ? <Td mono>{f.source_tool}</Td> : null}
            <Td mono>
              {f.help_url && /^https?:\/\//i.test(f.help_url) ? (
                <a href={f.help_url} target="_blank" rel="noopener noreferrer" className="text-blue-700 hover:underline">
                  {f.rule_id}
                </a>
              ) : (
                f.rule_id
              )}
            </Td>
            <Td wrap className="min-w-64 max-w-md">
              <span title={f.description ?? undefined}>{f.title}</span>
              {f.suggested_fix ? <p className="mt-0.5 text-xs text-zinc-500">{f.suggested_fix}</p> : null}
            </Td>
            <Td wrap className="max-w-56 font-mono text-xs">
              {f.location ? <span title={f.location}>{f.location}</span> : <span title={f.page_url ?? undefined}>{shortUrl(f.page_url, showJob)}</span>}
              {f.viewport ? <span className="ml-1 text-zinc-400">({f.viewport})</span> : null}
            </Td>
            {code ? null : (
              <Td wrap mono className="max-w-64 text-zinc-600">
                {f.selector ?? "—"}
              </Td>
            )}
            <Td className="text-right tabular-nums">{Math.round(f.confidence * 100)}%</Td>
            {showJob ? (
              <Td mono>
                {f.source_link ? (
                  f.source_link.href ? (
                    <Link href={f.source_link.href} className="text-blue-700 hover:underline">
                      {f.source_link.label}
                    </Link>
                  ) : (
                    f.source_link.label
                  )
                ) : f.job_id ? (
                  <Link href={`/jobs/${encodeURIComponent(f.job_id)}#findings`} className="text-blue-700 hover:underline">
                    {f.job_id}
                  </Link>
                ) : (
                  "—"
                )}
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
