import type { Metadata } from "next";
import Link from "next/link";
import { JobStatusBadge } from "@/components/console/job-status-badge";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/panel";
import { Pagination } from "@/components/ui/pagination";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { listReceiptRows } from "@/lib/runtime/receipts/queries";
import { ReceiptStatus, toReceiptView } from "@/lib/runtime/receipts/receipt-view";
import { enumParams, firstParam, pageParam, type SearchParams } from "../_lib/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Receipts" };

const PAGE_SIZE = 50;
const COLUMNS = ["Receipt", "Operation", "Actor", "Status", "Created", "Finished", "Result"];

/** Status filter: one link per status plus "All", keeping the other filters. */
function StatusLinks({ current, query }: { current?: string; query: Record<string, string | undefined> }) {
  const href = (status?: string) => {
    const sp = new URLSearchParams(Object.entries({ ...query, status }).filter((e): e is [string, string] => !!e[1]));
    return `/receipts${sp.size ? `?${sp}` : ""}`;
  };
  return (
    <nav className="flex flex-wrap gap-1" aria-label="Filter by status" data-testid="receipt-status-filter">
      {[undefined, ...ReceiptStatus.options].map((s) => (
        <Link
          key={s ?? "all"}
          href={href(s)}
          aria-current={s === current ? "page" : undefined}
          className={`rounded px-2 py-1 text-xs font-medium capitalize ${s === current ? "bg-zinc-900 text-white" : "bg-white text-zinc-600 ring-1 ring-zinc-200 ring-inset hover:bg-zinc-50"}`}
        >
          {s ?? "All"}
        </Link>
      ))}
    </nav>
  );
}

/** `/receipts?status=&operation=&actor=&page=`: receipts of state-changing operations, newest first. */
export default async function ReceiptsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireOperator({ callbackUrl: "/receipts" });
  const sp = await searchParams;
  const [status] = enumParams(sp, "status", ReceiptStatus.options);
  const operation = firstParam(sp, "operation");
  const actor = firstParam(sp, "actor");
  const page = pageParam(sp);
  const { rows, total } = await listReceiptRows(await getDb(), { status, operation, actor, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const items = rows.map(toReceiptView);
  const filtered = !!(status || operation || actor);
  return (
    <>
      <PageHeader title="Receipts" subtitle="One receipt per state-changing tool call: written before the side effect, finalised with its result." />
      <StatusLinks current={status} query={{ operation, actor }} />
      <Table testId="receipts-table" caption="Receipts">
        <THead columns={COLUMNS} />
        <tbody>
          {items.length === 0 ? <EmptyRow colSpan={COLUMNS.length}>{filtered ? "No receipts match these filters." : "No receipts yet."}</EmptyRow> : null}
          {items.map((r) => (
            <tr key={r.receipt_id} className={rowClass} data-testid="receipt-row" data-receipt-id={r.receipt_id} data-status={r.status}>
              <Td mono>
                <Link href={`/receipts/${encodeURIComponent(r.receipt_id)}`} className="text-blue-700 hover:underline">
                  {r.receipt_id}
                </Link>
              </Td>
              <Td mono>
                <Link href={`/receipts?operation=${encodeURIComponent(r.operation)}`} className="hover:underline">
                  {r.operation}
                </Link>
              </Td>
              <Td>{r.actor}</Td>
              <Td>
                <JobStatusBadge status={r.status} testId="receipt-status" />
              </Td>
              <Td>
                <DateTime value={r.created_at} />
              </Td>
              <Td>
                <DateTime value={r.finished_at} />
              </Td>
              <Td mono className="text-zinc-500">
                {r.result_ref ? <span title={r.result_ref}>{r.result_ref.startsWith("s3://") ? "s3 " : ""}{r.result_ref.slice(r.result_ref.lastIndexOf("sha256/"), r.result_ref.lastIndexOf("sha256/") + 19)}…</span> : "—"}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pagination basePath="/receipts" query={{ status, operation, actor }} page={page} pageSize={PAGE_SIZE} total={total} shown={items.length} />
    </>
  );
}
