import type { Metadata } from "next";
import Link from "next/link";
import { JobsTable } from "@/components/console/jobs-table";
import { RecentScansTable } from "@/components/console/recent-scans-table";
import { SEVERITY_BAR } from "@/components/console/severity-badge";
import { BarList } from "@/components/ui/bar-list";
import { formatUtc } from "@/components/ui/date-time";
import { Card, PageHeader, Panel } from "@/components/ui/panel";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { getOverview } from "@/lib/modules/core/overview";
import { Severity } from "@/lib/modules/sitelint/types";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

const STATUS_BAR: Record<string, string> = {
  queued: "bg-zinc-400",
  running: "bg-blue-600",
  succeeded: "bg-emerald-600",
  failed: "bg-red-600",
  cancelled: "bg-amber-500",
};

/** `/`: job counts by status, finding counts by severity and category, the newest jobs and scans. */
export default async function OverviewPage() {
  await requireOperator();
  const o = await getOverview(await getDb());
  const jobsTotal = Object.values(o.jobs_by_status).reduce((a, n) => a + n, 0);
  const findingsTotal = Object.values(o.findings_by_severity).reduce((a, n) => a + n, 0);
  return (
    <>
      <PageHeader title="Overview" subtitle={`As of ${formatUtc(o.generated_at)}`} />
      <div className="grid gap-3 lg:grid-cols-3">
        <Card>
          <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">
            Jobs by status <span className="font-normal normal-case text-zinc-400">({jobsTotal})</span>
          </h2>
          <BarList
            testId="jobs-by-status"
            items={Object.entries(o.jobs_by_status).map(([status, n]) => ({
              label: status,
              value: n,
              color: STATUS_BAR[status],
              href: `/jobs?status=${status}`,
            }))}
          />
        </Card>
        <Card>
          <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">
            Findings by severity <span className="font-normal normal-case text-zinc-400">({findingsTotal})</span>
          </h2>
          <BarList
            testId="findings-by-severity"
            items={Severity.options.map((s) => ({ label: s, value: o.findings_by_severity[s], color: SEVERITY_BAR[s], href: `/findings?severity=${s}` }))}
          />
        </Card>
        <Card>
          <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Findings by category</h2>
          <BarList
            testId="findings-by-category"
            items={Object.entries(o.findings_by_category).map(([c, n]) => ({ label: c, value: n, color: "bg-blue-500", href: `/findings?category=${encodeURIComponent(c)}` }))}
          />
        </Card>
      </div>
      <Panel
        title="Recent jobs"
        actions={
          <Link href="/jobs" className="text-xs text-blue-700 hover:underline">
            All jobs →
          </Link>
        }
      >
        <JobsTable jobs={o.recent_jobs} empty="No jobs yet." />
      </Panel>
      <Panel title="Recent scans">
        <RecentScansTable scans={o.recent_scans} />
      </Panel>
    </>
  );
}
