import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/console/auto-refresh";
import { FindingFilters } from "@/components/console/finding-filters";
import { FindingGroupsTable, FindingViewTabs, type FindingGroupRow } from "@/components/console/finding-groups-table";
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
import { getScanRow, listFindingGroups, listFindingRows, listScanPageRows } from "@/lib/modules/sitelint/queries";
import { FindingCategory, Severity } from "@/lib/modules/sitelint/types";
import { enumParams, pageParam, type SearchParams, idParam } from "../../_lib/search-params";

export const dynamic = "force-dynamic";

const FINDINGS_PAGE = 200;
/** Rule groups per page of the grouped view, and pages listed per group. */
const GROUPS_PAGE = 100;
const PAGES_PER_GROUP = 50;
const MAX_PAGES = 500;

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> };
/** `view`: `rule` (default) — one row per rule with its affected pages; `page` — one row per finding (page, selector). */
type FindingQuery = { severity: Severity[]; category: FindingCategory[]; page: number; view: "rule" | "page" };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Job ${(await params).id}` };
}

/**
 * A scan with its pages, live finding counts and one page of its findings — rule groups (`view: "rule"`) or single
 * findings (`view: "page"`) — or null when the scan is gone. `total` counts what is paged (groups or findings).
 */
async function loadScan(db: Db, scanId: string, q: FindingQuery) {
  const scan = await getScanRow(db, scanId);
  if (!scan) return null;
  const filter = { scanId, severity: q.severity, category: q.category };
  const pageSize = q.view === "rule" ? GROUPS_PAGE : FINDINGS_PAGE;
  const offset = (q.page - 1) * pageSize;
  const [pages, summary, found, grouped] = await Promise.all([
    listScanPageRows(db, scanId, MAX_PAGES),
    summarizeScan(db, scanId),
    q.view === "page" ? listFindingRows(db, { ...filter, limit: FINDINGS_PAGE, offset }) : null,
    q.view === "rule" ? listFindingGroups(db, { ...filter, limit: GROUPS_PAGE, offset, pagesPerGroup: PAGES_PER_GROUP }) : null,
  ]);
  const counts = { bySeverity: summary.by_severity, byCategory: summary.by_category };
  const groups: FindingGroupRow[] = (grouped?.rows ?? []).map((g) => ({ ...g, findingCount: Number(g.findingCount), pageCount: Number(g.pageCount), pages: g.pages.filter(Boolean) }));
  const findingTotal = Object.values(summary.by_severity).reduce((a, n) => a + n, 0);
  return { scan, pages, counts, findings: found?.rows.map((r) => toFindingView(r.finding)) ?? [], groups, total: found?.total ?? grouped?.total ?? 0, pageSize, findingTotal };
}

/**
 * `/jobs/[id]`: a job's JobRef fields, progress and error; for a scan job also the scan's settings, counts, pages
 * (with screenshots) and findings (`?severity=&category=&page=&view=`; grouped by rule by default, `view=page` lists
 * each finding with its page and selector); for a release job the release and its per-asset timeline. Refreshes itself every 2 s until the job is final.
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
  const q: FindingQuery = {
    severity: enumParams(sp, "severity", Severity.options),
    category: enumParams(sp, "category", FindingCategory.options),
    page: pageParam(sp),
    view: enumParams(sp, "view", ["rule", "page"] as const)[0] ?? "rule",
  };
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
            title={q.view === "rule" ? `Findings (${scan.findingTotal}) — ${scan.total} rule(s)` : `Findings (${scan.total})`}
            id="findings"
            actions={
              <div className="flex flex-wrap items-center gap-3">
                <FindingViewTabs basePath={basePath} view={q.view} query={{ severity: q.severity, category: q.category }} />
                <FindingFilters action={basePath} hash="findings" severity={q.severity[0]} category={q.category[0]} hidden={q.view === "page" ? { view: "page" } : {}} />
              </div>
            }
          >
            {q.view === "rule" ? (
              <FindingGroupsTable groups={scan.groups} empty={q.severity.length || q.category.length ? "No findings match these filters." : "No findings."} />
            ) : (
              <FindingsTable findings={scan.findings} empty={q.severity.length || q.category.length ? "No findings match these filters." : "No findings."} />
            )}
            <Pagination
              basePath={basePath}
              query={{ severity: q.severity, category: q.category, view: q.view === "page" ? "page" : undefined }}
              page={q.page}
              pageSize={scan.pageSize}
              total={scan.total}
              shown={q.view === "rule" ? scan.groups.length : scan.findings.length}
              hash="findings"
            />
          </Panel>
        </>
      ) : null}
    </>
  );
}
