import Link from "next/link";
import { DateTime } from "@/components/ui/date-time";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import type { OverviewScan } from "@/lib/modules/core/overview";
import { JobStatusBadge } from "./job-status-badge";

/** The newest scans: URL (linking to the scan's job page), status, profile, page and finding counts. */
export function RecentScansTable({ scans }: { scans: OverviewScan[] }) {
  return (
    <Table testId="recent-scans-table" caption="Recent scans">
      <THead columns={["URL", "Status", "Profile", "Viewports", "Pages ok / failed / planned", "Findings", "Created"]} />
      <tbody>
        {scans.length === 0 ? <EmptyRow colSpan={7}>No scans yet. Start one with the sitelint_start_scan tool.</EmptyRow> : null}
        {scans.map((s) => (
          <tr key={s.scan_id} className={rowClass} data-testid="scan-row" data-scan-id={s.scan_id}>
            <Td wrap className="max-w-md font-mono text-xs">
              <Link href={`/jobs/${encodeURIComponent(s.job_id)}`} className="text-blue-700 hover:underline">
                {s.url}
              </Link>
            </Td>
            <Td>
              <JobStatusBadge status={s.status} />
            </Td>
            <Td>{s.profile}</Td>
            <Td>{s.viewport_set}</Td>
            <Td className="tabular-nums">
              {s.pages_done} / {s.pages_failed} / {s.pages_planned}
            </Td>
            <Td className="text-right tabular-nums">{s.findings_total}</Td>
            <Td>
              <DateTime value={s.created_at} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
