import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConfirmationStatusBadge } from "@/components/console/confirmation-status-badge";
import { DecideButtons } from "@/components/console/decide-buttons";
import { IssuePreview } from "@/components/console/issue-preview";
import { decideConfirmationAction } from "../actions";
import { DateTime } from "@/components/ui/date-time";
import { DefinitionList } from "@/components/ui/definition-list";
import { PageHeader, Panel } from "@/components/ui/panel";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { toConfirmationView } from "@/lib/runtime/confirmations/confirmation-view";
import { getConfirmationRow } from "@/lib/runtime/confirmations/queries";

import { idParam } from "../../_lib/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Confirmation" };

/** `/confirmations/[id]`: one gated call with its full arguments, and Approve / Deny while it is pending. */
export default async function ConfirmationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const safeId = idParam(id);
  if (!safeId) notFound();
  await requireOperator({ callbackUrl: `/confirmations/${id}` });
  const row = await getConfirmationRow(await getDb(), safeId);
  if (!row) notFound();
  const c = toConfirmationView(row);
  return (
    <>
      <PageHeader title={<span className="font-mono">{c.confirmation_id}</span>} subtitle={c.summary.split("\n")[0]} actions={c.status === "pending" ? <DecideButtons id={c.confirmation_id} action={decideConfirmationAction} /> : null} />
      <Panel title="Confirmation">
        <DefinitionList
          items={[
            ["Status", <ConfirmationStatusBadge key="s" status={c.status} testId="confirmation-status" />],
            ["Tool", <span key="t" className="font-mono">{c.tool}</span>],
            ["Approval", c.approval === "operator" ? "operator (a signed-in operator must approve)" : "token (the token alone suffices)"],
            ["Caller", <span key="p" className="font-mono">{c.principal}</span>],
            ["Created", <DateTime key="c" value={c.created_at} />],
            ["Expires", <DateTime key="e" value={c.expires_at} />],
            ["Decided by", c.decided_by ?? "—"],
            ["Decided", <DateTime key="d" value={c.decided_at} />],
            ["Used", <DateTime key="u" value={c.consumed_at} />],
            ["Arguments hash", <span key="h" className="font-mono text-xs">{c.args_hash}</span>],
          ]}
        />
      </Panel>
      {c.tool === "auditlens_create_issue" ? (
        <Panel title="Issue preview (what GitHub will show)">
          <IssuePreview args={c.arguments} />
        </Panel>
      ) : c.summary.includes("\n") ? (
        <Panel title="What will happen">
          <pre data-testid="confirmation-summary" className="max-h-[60vh] overflow-auto whitespace-pre-wrap rounded bg-zinc-50 p-3 text-xs">{c.summary}</pre>
        </Panel>
      ) : null}
      <Panel title="Arguments (exactly what will run)">
        <pre data-testid="confirmation-arguments" className="overflow-x-auto rounded bg-zinc-50 p-3 text-xs">{JSON.stringify(c.arguments, null, 2)}</pre>
      </Panel>
    </>
  );
}
