import type { Metadata } from "next";
import Link from "next/link";
import { JobStatusBadge } from "@/components/console/job-status-badge";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/panel";
import { Pagination } from "@/components/ui/pagination";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { listTriageRows } from "@/lib/modules/auditlens/findings/queries";
import { firstParam, pageParam, type SearchParams } from "../_lib/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Triages" };

const PAGE_SIZE = 50;
const COLUMNS = ["Triage", "Repository", "Run", "Status", "Headline", "Created"];

/** `/triages?repo=&page=`: AuditLens triages of red runs, newest first. */
export default async function TriagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireOperator({ callbackUrl: "/triages" });
  const sp = await searchParams;
  const repo = firstParam(sp, "repo");
  const page = pageParam(sp);
  const { rows, total } = await listTriageRows(await getDb(), { repo, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return (
    <>
      <PageHeader title="Triages" subtitle="Red runs triaged by AuditLens: every finding and failing test new, existing, fixed, flaky or broken against the base branch." />
      <Table testId="triages-table" caption="Triages">
        <THead columns={COLUMNS} />
        <tbody>
          {rows.length === 0 ? <EmptyRow colSpan={COLUMNS.length}>{repo ? "No triages of this repository." : "No triages yet: ask auditlens_triage_run."}</EmptyRow> : null}
          {rows.map((t) => (
            <tr key={t.id} className={rowClass} data-testid="triage-row" data-triage-id={t.id}>
              <Td mono>
                <Link href={`/triages/${t.id}`} className="text-blue-700 hover:underline">
                  {t.id}
                </Link>
              </Td>
              <Td mono>{t.repo}</Td>
              <Td mono>{t.runId ?? "—"}</Td>
              <Td>
                <JobStatusBadge status={t.status} />
              </Td>
              <Td wrap className="max-w-xl">
                {(t.summary as { headline?: string } | null)?.headline ?? t.error?.message ?? "—"}
              </Td>
              <Td>
                <DateTime value={t.createdAt.toISOString()} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pagination basePath="/triages" query={{ repo }} page={page} pageSize={PAGE_SIZE} total={total} shown={rows.length} />
    </>
  );
}
