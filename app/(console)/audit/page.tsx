import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { Card, PageHeader } from "@/components/ui/panel";
import { Pagination } from "@/components/ui/pagination";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { listAuditRows } from "@/lib/audit/queries";
import { verifyAuditLog, type AuditVerification } from "@/lib/audit/verify-audit-log";
import { enumParams, firstParam, pageParam, type SearchParams } from "../_lib/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;
const STATUSES = ["ok", "error"] as const;
const control = "rounded border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-800 focus:border-blue-500 focus:outline-none";

/** The hash-chain check: ok, or where and why it breaks; plus the head to anchor externally. */
function VerifyPanel({ v }: { v: AuditVerification }) {
  return (
    <Card className={v.ok ? "border-emerald-200" : "border-red-300 bg-red-50"}>
      <div data-testid="audit-verify" data-ok={String(v.ok)} className="flex flex-wrap items-center gap-x-4 gap-y-1 text-[13px]">
        <Badge tone={v.ok ? "green" : "red"}>{v.ok ? "chain intact" : "chain broken"}</Badge>
        {v.ok ? null : (
          <span className="text-red-800" data-testid="audit-verify-problem">
            first bad seq <span className="font-mono">{v.first_bad_seq}</span>: {v.reason}
          </span>
        )}
        <span className="text-zinc-600">
          checked <span className="tabular-nums">{v.checked}</span> rows
        </span>
        <span className="min-w-0 break-all text-zinc-600">
          {v.ok ? "head" : "last good row"}{" "}
          {v.head ? <span className="font-mono text-xs">#{v.head.seq} {v.head.hash}</span> : "—"}
        </span>
      </div>
      <p className="mt-1 text-[11px] text-zinc-500">
        Unkeyed SHA-256 chain: record the head elsewhere and compare later, or a rewrite of every later hash goes unnoticed.
      </p>
    </Card>
  );
}

type Filters = { tool?: string; principal?: string; decision?: string; status?: string };

/** GET form: filters become the query string and paging restarts at 1. Works without JavaScript. */
function AuditFilters({ f }: { f: Filters }) {
  return (
    <form key={JSON.stringify(f)} method="get" action="/audit" className="flex flex-wrap items-center gap-2" data-testid="audit-filters">
      <input name="tool" defaultValue={f.tool ?? ""} placeholder="tool" aria-label="Tool" className={`${control} w-44 font-mono`} />
      <input name="principal" defaultValue={f.principal ?? ""} placeholder="principal" aria-label="Principal" className={`${control} w-36`} />
      <input name="decision" defaultValue={f.decision ?? ""} placeholder="decision" aria-label="Decision" className={`${control} w-36 font-mono`} />
      <select name="status" defaultValue={f.status ?? ""} aria-label="Status" className={control}>
        <option value="">Any status</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <button type="submit" className="rounded bg-zinc-900 px-2.5 py-1 text-xs font-medium text-white hover:bg-zinc-700">
        Filter
      </button>
      <Link href="/audit" className="text-xs text-zinc-500 hover:text-zinc-800 hover:underline">
        Clear
      </Link>
    </form>
  );
}

const COLUMNS = ["Seq", "Time", "Request", "Principal", "Tool", "Decision", "Status", "Duration ms", "Error", "Hash"];

/** `/audit?tool=&principal=&decision=&status=&page=`: the append-only audit log newest first, with its chain check. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireOperator({ callbackUrl: "/audit" });
  const sp = await searchParams;
  const f: Filters = {
    tool: firstParam(sp, "tool"),
    principal: firstParam(sp, "principal"),
    decision: firstParam(sp, "decision"),
    status: enumParams(sp, "status", STATUSES)[0],
  };
  const page = pageParam(sp);
  const db = await getDb();
  const [verification, { rows, total }] = await Promise.all([
    verifyAuditLog(db),
    listAuditRows(db, { ...f, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  ]);
  const filtered = Object.values(f).some(Boolean);
  return (
    <>
      <PageHeader title="Audit log" subtitle="One hash-chained row per tool call, allowed or denied. The database refuses edits." actions={<AuditFilters f={f} />} />
      <VerifyPanel v={verification} />
      <Table testId="audit-table" caption="Audit log">
        <THead columns={COLUMNS} />
        <tbody>
          {rows.length === 0 ? <EmptyRow colSpan={COLUMNS.length}>{filtered ? "No audit rows match these filters." : "No tool calls yet."}</EmptyRow> : null}
          {rows.map((r) => (
            <tr key={r.seq} className={rowClass} data-testid="audit-row" data-seq={r.seq} data-status={r.status}>
              <Td mono className="text-right">{r.seq}</Td>
              <Td>
                <DateTime value={r.ts} />
              </Td>
              <Td mono>{r.requestId}</Td>
              <Td>{r.principal}</Td>
              <Td mono>{r.tool}</Td>
              <Td mono>{r.decision}</Td>
              <Td>
                <Badge tone={r.status === "ok" ? "green" : "red"}>{r.status}</Badge>
              </Td>
              <Td className="text-right tabular-nums">{r.durationMs}</Td>
              <Td mono>{r.errorCode ?? "—"}</Td>
              <Td mono className="text-zinc-500">
                <span title={r.hash}>{r.hash.slice(0, 12)}…</span>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Pagination basePath="/audit" query={f} page={page} pageSize={PAGE_SIZE} total={total} shown={rows.length} />
    </>
  );
}
