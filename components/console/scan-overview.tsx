import { BarList } from "@/components/ui/bar-list";
import { DateTime } from "@/components/ui/date-time";
import { DefinitionList } from "@/components/ui/definition-list";
import { Card } from "@/components/ui/panel";
import type { scans } from "@/drizzle/schema";
import { FindingCategory, Severity } from "@/lib/modules/sitelint/types";
import { JobStatusBadge } from "./job-status-badge";
import { SEVERITY_BAR } from "./severity-badge";

type ScanRow = typeof scans.$inferSelect;
/** Live finding counts (the stored `summary` only exists once a scan is final). */
export type ScanCounts = { bySeverity: Record<string, number>; byCategory: Record<string, number> };

/** A scan's settings and status, and its finding counts by severity and category (bars link to the filtered table). */
export function ScanOverview({ scan, counts, basePath }: { scan: ScanRow; counts: ScanCounts; basePath: string }) {
  const total = Object.values(counts.bySeverity).reduce((a, n) => a + n, 0);
  const skipped = scan.robots?.disallowed ?? [];
  return (
    <div className="grid gap-3 lg:grid-cols-3" data-testid="scan-overview">
      <Card>
        <DefinitionList
          items={[
            ["URL", <span key="u" className="break-all font-mono text-xs">{scan.url}</span>],
            ["Scan id", <span key="i" className="font-mono text-xs">{scan.id}</span>],
            ["Status", <JobStatusBadge key="s" status={scan.status} testId="scan-status" />],
            ["Profile", scan.profile],
            ["Viewports", scan.viewportSet],
            ["Crawl budget", `${scan.crawlBudget} page(s)`],
            ["Entry paths", scan.entryPaths.length ? scan.entryPaths.join(", ") : "—"],
            ["Pages", `${scan.pagesDone} ok · ${scan.pagesFailed} failed · ${scan.pagesPlanned} planned`],
            ["robots.txt", scan.robots ? `${scan.robots.found ? "found" : "none"}${skipped.length ? `, ${skipped.length} skipped` : ""}` : "—"],
            ["Created", <DateTime key="c" value={scan.createdAt} />],
            ["Finished", <DateTime key="f" value={scan.finishedAt} />],
          ]}
        />
        {scan.error ? (
          <p className="mt-2 rounded border border-red-200 bg-red-50 p-2 text-xs text-red-800" data-testid="scan-error">
            <span className="font-mono">{scan.error.code}</span>: {scan.error.message}
          </p>
        ) : null}
      </Card>
      <Card>
        <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">
          Findings by severity <span className="font-normal normal-case text-zinc-400">({total} total)</span>
        </h3>
        <BarList
          testId="scan-severity-counts"
          items={Severity.options.map((s) => ({
            label: s,
            value: counts.bySeverity[s] ?? 0,
            color: SEVERITY_BAR[s],
            href: `${basePath}?severity=${s}#findings`,
          }))}
        />
      </Card>
      <Card>
        <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Findings by category</h3>
        <BarList
          testId="scan-category-counts"
          items={FindingCategory.options.map((c) => ({
            label: c,
            value: counts.byCategory[c] ?? 0,
            color: "bg-blue-500",
            href: `${basePath}?category=${c}#findings`,
          }))}
        />
      </Card>
    </div>
  );
}
