import type { Metadata } from "next";
import { JobsTable } from "@/components/console/jobs-table";
import { StatusTabs } from "@/components/console/status-tabs";
import { PageHeader } from "@/components/ui/panel";
import { Pagination } from "@/components/ui/pagination";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { toJobRef } from "@/lib/jobs/job-ref";
import { listJobRows } from "@/lib/jobs/queries";
import { JobStatus } from "@/lib/jobs/types";
import { enumParams, pageParam, type SearchParams } from "../_lib/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jobs" };

const PAGE_SIZE = 50;

/** `/jobs?status=&page=`: every background job, newest first, 50 a page. */
export default async function JobsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireOperator();
  const sp = await searchParams;
  const [status] = enumParams(sp, "status", JobStatus.options);
  const page = pageParam(sp);
  // One extra row tells whether a next page exists without counting the whole table.
  const rows = await listJobRows(await getDb(), { status, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
  const jobs = rows.slice(0, PAGE_SIZE).map(toJobRef);
  return (
    <>
      <PageHeader title="Jobs" subtitle="Background work (SiteLint scans, …) with live status and progress." />
      <StatusTabs current={status} />
      <JobsTable jobs={jobs} empty={status ? `No ${status} jobs.` : "No jobs yet."} />
      <Pagination basePath="/jobs" query={{ status }} page={page} pageSize={PAGE_SIZE} hasNext={rows.length > PAGE_SIZE} shown={jobs.length} />
    </>
  );
}
