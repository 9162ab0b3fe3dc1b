import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { FindingFilters } from "@/components/console/finding-filters";
import { FindingsTable } from "@/components/console/findings-table";
import { isFinalStatus } from "@/components/console/job-status-badge";
import { JobSummary } from "@/components/console/job-summary";
import { PagesTable } from "@/components/console/pages-table";
import { ReleaseRunPanel } from "@/components/console/release-run-panel";
import { ScanOverview } from "@/components/console/scan-overview";
import { PageHeader, Panel } from "@/components/ui/panel";
import { Pagination } from "@/components/ui/pagination";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb, type Db } from "@/lib/db/client";
import { toJobRef } from "@/lib/jobs/job-ref";
import { getJobRow } from "@/lib/jobs/queries";
import { getReleaseRunWithAssets } from "@/lib/modules/releasebutler/queries";
import { toFindingView } from "@/lib/modules/sitelint/finding-view";
import { summarizeScan } from "@/lib/modules/sitelint/finalize-scan";
import { getScanRow, listFindingRows, listScanPageRows } from "@/lib/modules/sitelint/queries";
import { FindingCategory, Severity } from "@/lib/modules/sitelint/types";
import { enumParams, pageParam, type SearchParams, idParam } from "../../_lib/search-params";

export const dynamic = "force-dynamic";

const FINDINGS_PAGE = 200;
const MAX_PAGES = 500;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };
type FindingQuery = { severity: Severity[]; category: FindingCategory[]; page: number };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Job ${(await params).id}` };
}

/** A scan with its pages, live finding counts and one page of its findings, or null when the scan is gone. */
async function loadScan(db: Db, scanId: string, q: FindingQuery) {
  const scan = await getScanRow(db, scanId);
  if (!scan) return null;
  const [pages, summary, found] = await Promise.all([
    listScanPageRows(db, scanId, MAX_PAGES),
    summarizeScan(db, scanId),
    listFindingRows(db, { scanId, severity: q.severity, category: q.category, limit: FINDINGS_PAGE, offset: (q.page - 1) * FINDINGS_PAGE }),
  ]);
  const counts = { bySeverity: summary.by_severity, byCategory: summary.by_category };
  return { scan, pages, counts, findings: found.rows.map((r) => toFindingView(r.finding)), total: found.total };
}

/**
 * `/jobs/[id]`: a job's JobRef fields, progress and error; for a scan job also the scan's settings, counts, pages
 * (with screenshots) and findings (`?severity=&category=&page=`); for a release job the release and its per-asset timeline. Refreshes itself every 2 s until the job is final.
 */
export default async function JobPage({ params, searchParams }: Props) {
  await requireOperator();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const safeId = idParam(id);
  if (!safeId) notFound();
  const db = await getDb();
  const row = await getJobRow(db, safeId);
  if (!row) notFound();
  const job = toJobRef(row);
  const q: FindingQuery = { severity: enumParams(sp, "severity", Severity.options), category: enumParams(sp, "category", FindingCategory.options), page: pageParam(sp) };
  const scanId = row.subjectKind === "scan" && row.subjectId ? row.subjectId : null;
  const scan = scanId ? await loadScan(db, scanId, q) : null;
  const release = row.subjectKind === "release_run" && row.subjectId ? await getReleaseRunWithAssets(db, row.subjectId) : null;
  const basePath = `/jobs/${encodeURIComponent(job.job_id)}`;
  const subject = row.subjectKind && row.subjectId ? { kind: row.subjectKind, id: row.subjectId } : null;
  return (
    <>
      <PageHeader
        title={<span className="font-mono">{job.job_id}</span>}
        subtitle={`${job.module} job${scan ? ` · scan of ${scan.scan.url}` : ""}`}
        actions={
          <div className="flex items-center gap-3">
            <AutoRefresh active={!isFinalStatus(job.status)} />
            <Link href="/jobs" className="text-xs text-blue-700 hover:underline">
              ← All jobs
            </Link>
          </div>
        }
      />
      <JobSummary job={job} subject={subject} />
      {release ? (
        <Panel title={`Release ${release.run.tagName} — assets (${release.assets.length})`} id="release">
          <ReleaseRunPanel data={release} />
        </Panel>
      ) : null}
      {scanId && !scan ? <p className="text-sm text-zinc-500">The scan {scanId} of this job no longer exists.</p> : null}
      {scan ? (
        <>
          <Panel title="Scan">
            <ScanOverview scan={scan.scan} counts={scan.counts} basePath={basePath} />
          </Panel>
          <Panel title={`Pages (${scan.pages.length}${scan.pages.length >= MAX_PAGES ? "+" : ""})`} id="pages">
            <PagesTable pages={scan.pages} />
          </Panel>
          <Panel
            title={`Findings (${scan.total})`}
            id="findings"
            actions={<FindingFilters action={basePath} hash="findings" severity={q.severity[0]} category={q.category[0]} />}
          >
            <FindingsTable findings={scan.findings} empty={q.severity.length || q.category.length ? "No findings match these filters." : "No findings."} />
            <Pagination
              basePath={basePath}
              query={{ severity: q.severity, category: q.category }}
              page={q.page}
              pageSize={FINDINGS_PAGE}
              total={scan.total}
              shown={scan.findings.length}
              hash="findings"
            />
          </Panel>
        </>
      ) : null}
    </>
  );
}
