import "server-only";
import { getDb } from "@/lib/db/client";
import { getObjectStore } from "@/lib/object-store";
import { finalizeReceipt } from "./finalize-receipt";

/** What a receipt's immutable result object holds. */
export type ReceiptResult = { receiptId: string; operation: string; actor: string; inputsHash: string; requestId: string | null; output: unknown };

/**
 * Store a receipt's result object (pretty JSON, immutable: same bytes, same ref) in the object store.
 * @returns its ref (`sha256/<hex>`, or `s3://<bucket>/<prefix>/sha256/<hex>` with the S3 backend).
 */
export async function storeReceiptResult(r: ReceiptResult): Promise<string> {
  const body = { receipt_id: r.receiptId, operation: r.operation, actor: r.actor, inputs_hash: r.inputsHash, request_id: r.requestId, output: r.output };
  return (await getObjectStore().put(Buffer.from(JSON.stringify(body, null, 2)))).ref;
}

/**
 * Finalise a receipt the pipeline left pending for a durable job (`ctx.receipt.finalizeLater()`): `succeeded` with the
 * result object of `output`, or `failed` with a caller-safe error. Finalising an already final receipt changes nothing.
 */
export async function finalizeReceiptLater(
  r: Omit<ReceiptResult, "output"> & ({ output: unknown; error?: undefined } | { output?: undefined; error: { code: string; message: string } }),
): Promise<void> {
  const db = await getDb();
  if (r.error) return finalizeReceipt(db, r.receiptId, { status: "failed", error: r.error }, { onlyPending: true });
  const resultRef = await storeReceiptResult({ ...r, output: r.output });
  await finalizeReceipt(db, r.receiptId, { status: "succeeded", resultRef }, { onlyPending: true });
}
