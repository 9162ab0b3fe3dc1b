import { z } from "zod";
import { listReceiptRows } from "@/lib/runtime/receipts/queries";
import { ReceiptStatus, ReceiptView, toReceiptView } from "@/lib/runtime/receipts/receipt-view";
import { defineTool } from "@/lib/runtime/define-tool";

export const listReceipts = defineTool({
  name: "core_list_receipts",
  title: "List receipts of state-changing operations",
  description:
    "List receipts newest first: one per state-changing (write/destructive) tool call, with operation, actor, status (pending, succeeded, failed) and result_ref. Filter by operation (exact tool name) and status. " +
    "Bounded: `limit` (default 20, max 100) with `offset` paging; `total` counts all matches, `truncated` says more exist and `next_offset` is the offset of the next page. Use core_get_receipt for one receipt with its result.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z
    .object({
      operation: z.string().min(1).max(100).optional().describe("Exact tool name, e.g. releasebutler_create_release"),
      status: ReceiptStatus.optional(),
      limit: z.number().int().min(1).max(100).default(20),
      offset: z.number().int().min(0).max(100_000).default(0),
    })
    .strict(),
  output: z.object({
    receipts: z.array(ReceiptView),
    total: z.number().int().describe("Receipts matching the filters"),
    truncated: z.boolean(),
    next_offset: z.number().int().nullable(),
  }),
  handler: async ({ operation, status, limit, offset }, { db }) => {
    const { rows, total } = await listReceiptRows(db, { operation, status, limit, offset });
    const truncated = rows.length > 0 && offset + rows.length < total;
    return { receipts: rows.map(toReceiptView), total, truncated, next_offset: truncated ? offset + rows.length : null };
  },
});
