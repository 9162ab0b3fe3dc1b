import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmationStatusBadge } from "@/components/console/confirmation-status-badge";
import { DecideButtons } from "@/components/console/decide-buttons";
import { decideConfirmationAction } from "./actions";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/panel";
import { Pagination } from "@/components/ui/pagination";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { toConfirmationView } from "@/lib/runtime/confirmations/confirmation-view";
import { listConfirmationRows } from "@/lib/runtime/confirmations/queries";
import { enumParams, pageParam, type SearchParams } from "../_lib/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Confirmations" };

const PAGE_SIZE = 50;
const STATUSES = ["pending", "approved", "denied", "consumed"] as const;

/** `/confirmations?status=&page=`: the approval inbox — gated calls waiting for an operator, and their history. */
export default async function ConfirmationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireOperator({ callbackUrl: "/confirmations" });
  const sp = await searchParams;
  const [status] = enumParams(sp, "status", STATUSES);
  const page = pageParam(sp);
  const { rows, total } = await listConfirmationRows(await getDb(), { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const items = rows.map((r) => toConfirmationView(r));
  return (
    <>
      <PageHeader title="Confirmations" subtitle="Every write waits here for a human when the approval mode is operator. Approve only what the summary and arguments say you want." />
      <nav className="flex gap-3 text-sm">
        {[undefined, ...STATUSES].map((s) => (
          <Link key={s ?? "all"} href={s ? `/confirmations?status=${s}` : "/confirmations"} className={s === status ? "font-semibold text-zinc-900" : "text-blue-700 hover:underline"}>
            {s ?? "all"}
          </Link>
        ))}
      </nav>
      <Table testId="confirmations-table" caption="Confirmations">
        <THead columns={["Status", "Tool", "Summary", "Caller", "Created", "Expires", "Decision"]} />
        <tbody>
          {items.length === 0 ? <EmptyRow colSpan={7}>{status ? `No ${status} confirmations.` : "No confirmations yet."}</EmptyRow> : null}
          {items.map((c) => (
            <tr key={c.confirmation_id} className={rowClass} data-testid="confirmation-row" data-confirmation-id={c.confirmation_id}>
              <Td><ConfirmationStatusBadge status={c.status} /></Td>
              <Td mono>{c.tool}</Td>
              <Td wrap>
                <Link href={`/confirmations/${c.confirmation_id}`} className="text-blue-700 hover:underline">{c.summary.split("\n")[0]}</Link>
              </Td>
              <Td mono>{c.principal}</Td>
              <Td><DateTime value={c.created_at} /></Td>
              <Td><DateTime value={c.expires_at} /></Td>
              <Td>{c.status === "pending" ? <DecideButtons id={c.confirmation_id} action={decideConfirmationAction} /> : (c.decided_by ?? "—")}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pagination basePath="/confirmations" query={{ status }} page={page} pageSize={PAGE_SIZE} total={total} shown={items.length} />
    </>
  );
}
