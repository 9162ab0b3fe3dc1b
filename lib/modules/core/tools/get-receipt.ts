import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getReceiptRow } from "@/lib/runtime/receipts/queries";
import { readReceiptResult } from "@/lib/runtime/receipts/read-receipt-result";
import { ReceiptView, toReceiptView } from "@/lib/runtime/receipts/receipt-view";
import { defineTool } from "@/lib/runtime/define-tool";

export const getReceipt = defineTool({
  name: "core_get_receipt",
  title: "Get a receipt of a state-changing operation",
  description:
    "Return one receipt: the record written for every state-changing (write/destructive) tool call, with operation, actor, inputs_hash, status (pending, succeeded, failed), error, timestamps, and the operation's JSON result inline as `result`. " +
    "Results over 256 KiB are left out (`result: null, result_truncated: true`); fetch them by result_ref instead. Find receipt ids with core_list_receipts.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({ receipt_id: z.string().min(1).max(100).describe("Receipt id, e.g. rcpt_…") }).strict(),
  output: ReceiptView.extend({
    result: z.unknown().describe("Parsed JSON of the result_ref object; null when there is no result or it is not returned"),
    result_truncated: z.boolean().describe("True when the result object is over 256 KiB and was left out"),
    result_error: z.string().nullable().describe("Why an existing result_ref could not be read (missing, not JSON); null otherwise"),
  }),
  handler: async ({ receipt_id }, { db, objectStore }) => {
    const row = await getReceiptRow(db, receipt_id);
    if (!row) throw new AppError("NOT_FOUND", `No receipt ${receipt_id}. List receipts with core_list_receipts.`);
    return { ...toReceiptView(row), ...(await readReceiptResult(objectStore, row.resultRef)) };
  },
});
