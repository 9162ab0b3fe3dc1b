import "server-only";
import type { Db } from "@/lib/db/client";
import type { ObjectStore } from "@/lib/object-store";
import { getReceiptRow } from "@/lib/runtime/receipts/queries";
import { readReceiptResult } from "@/lib/runtime/receipts/read-receipt-result";
import { renderFields, type RecordDocument } from "./record-document";
import { oneLine, textBlock } from "./untrusted";

/** Longest rendering of a receipt's result JSON (characters). */
const MAX_RESULT_CHARS = 8000;

/**
 * A receipt as `fetch` returns it: what was done (operation, by whom, when, under which confirmation), its status and
 * its result — the operation's JSON result (bounded), or the error.
 * @returns undefined when there is no receipt `id`.
 */
export async function describeReceipt(db: Db, objectStore: ObjectStore, id: string): Promise<RecordDocument | undefined> {
  const r = await getReceiptRow(db, id);
  if (!r) return undefined;
  const { result, result_truncated, result_error } = await readReceiptResult(objectStore, r.resultRef);
  const resultText =
    result !== null && result !== undefined
      ? textBlock(JSON.stringify(result, null, 2), MAX_RESULT_CHARS)
      : result_truncated
        ? "(over 256 KiB; read it with core_get_receipt or from the object store by its result ref)"
        : (result_error ?? (r.status === "pending" ? "(pending: the operation has not finished)" : null));
  const text = renderFields([
    ["Receipt", `${oneLine(r.operation, 100)} by ${oneLine(r.actor, 200)}`],
    ["Status", r.status],
    ["Created", r.createdAt.toISOString()],
    ["Finished", r.finishedAt?.toISOString()],
    ["Inputs hash", r.inputsHash],
    ["Confirmation", r.confirmationId ? oneLine(r.confirmationId, 100) : null],
    ["Request", r.requestId ? oneLine(r.requestId, 100) : null],
    ["Error", r.error ? `${oneLine(r.error.code, 40)}: ${oneLine(r.error.message, 2000)}` : null],
    ["Result ref", r.resultRef ? oneLine(r.resultRef, 300) : null],
    ["Result", resultText],
  ]);
  return {
    summary: { kind: "receipt", id: r.id, operation: r.operation, actor: r.actor, status: r.status },
    text,
    metadata: {
      kind: "receipt", operation: oneLine(r.operation, 100), actor: oneLine(r.actor, 200), status: r.status,
      created_at: r.createdAt.toISOString(), finished_at: r.finishedAt?.toISOString() ?? null,
    },
  };
}
