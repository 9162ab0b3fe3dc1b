import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JobStatusBadge } from "@/components/console/job-status-badge";
import { DateTime } from "@/components/ui/date-time";
import { DefinitionList } from "@/components/ui/definition-list";
import { Card, PageHeader, Panel } from "@/components/ui/panel";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { getObjectStore } from "@/lib/object-store";
import { objectUrl } from "@/lib/object-store/object-url";
import { getReceiptRow } from "@/lib/runtime/receipts/queries";
import { readReceiptResult } from "@/lib/runtime/receipts/read-receipt-result";
import { toReceiptView } from "@/lib/runtime/receipts/receipt-view";

import { idParam } from "../../_lib/search-params";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Receipt ${(await params).id}` };
}

/** What a write made on GitHub, from its result object: the release or the issue URL (https only). */
function externalLinkOf(result: unknown): { label: string; url: string } | null {
  const out = (result as { output?: Record<string, unknown> } | null)?.output;
  for (const [key, label] of [["release_url", "Release"], ["issue_url", "Issue"]] as const) {
    const v = out?.[key];
    if (typeof v === "string" && /^https?:\/\//.test(v)) return { label, url: v };
  }
  return null;
}

const mono = (v: string | null) => (v ? <span className="font-mono text-xs">{v}</span> : <span className="text-zinc-400">—</span>);

/** `/receipts/[id]`: every field of one receipt, and its result object pretty-printed (≤ 256 KiB inline). */
export default async function ReceiptPage({ params }: Props) {
  await requireOperator();
  const { id } = await params;
  const safeId = idParam(id);
  if (!safeId) notFound();
  const row = await getReceiptRow(await getDb(), safeId);
  if (!row) notFound();
  const r = toReceiptView(row);
  const { result, result_truncated, result_error } = await readReceiptResult(getObjectStore(), r.result_ref);
  const objectHref = r.result_ref ? objectUrl(r.result_ref) : null;
  const link = externalLinkOf(result);
  return (
    <>
      <PageHeader
        title={<span className="font-mono">{r.receipt_id}</span>}
        subtitle={`${r.operation} by ${r.actor}`}
        actions={
          <Link href="/receipts" className="text-xs text-blue-700 hover:underline">
            ← All receipts
          </Link>
        }
      />
      <Card>
        <DefinitionList
          items={[
            ["Status", <JobStatusBadge key="s" status={r.status} testId="receipt-status" />],
            ["Operation", mono(r.operation)],
            ["Actor", r.actor],
            ["Inputs hash", mono(r.inputs_hash)],
            ["Created", <DateTime key="c" value={r.created_at} />],
            ["Finished", <DateTime key="f" value={r.finished_at} />],
            ["Request id", mono(r.request_id)],
            ["Confirmation", mono(r.confirmation_id)],
            ...(link ? [[link.label, <a key="l" href={link.url} className="text-blue-700 hover:underline" data-testid="receipt-link" rel="noreferrer noopener" target="_blank">{link.url}</a>] as [string, ReactNode]] : []),
            ["Result ref", objectHref ? <a key="o" href={objectHref} className="font-mono text-xs text-blue-700 hover:underline">{r.result_ref}</a> : mono(null)],
            ["Error", r.error ? <span key="e" className="text-red-700"><span className="font-mono text-xs">{r.error.code}</span>: {r.error.message}</span> : mono(null)],
          ]}
        />
      </Card>
      <Panel title="Result">
        {result_truncated ? (
          <p className="text-sm text-zinc-600" data-testid="receipt-result" data-truncated="true">
            The result is over 256 KiB and is not shown inline.{" "}
            {objectHref ? <a href={objectHref} className="text-blue-700 hover:underline">Open the object</a> : null}
          </p>
        ) : result_error ? (
          <p className="text-sm text-red-700" data-testid="receipt-result" data-error="true">{result_error}</p>
        ) : r.result_ref ? (
          <pre data-testid="receipt-result" className="max-h-[70vh] overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs text-zinc-800">
            {JSON.stringify(result, null, 2)}
          </pre>
        ) : (
          <p className="text-sm text-zinc-500" data-testid="receipt-result" data-empty="true">
            {r.status === "pending" ? "No result yet: the operation has not finished." : "This operation produced no result object."}
          </p>
        )}
      </Panel>
    </>
  );
}
