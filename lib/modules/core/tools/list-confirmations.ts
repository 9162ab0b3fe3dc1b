import { z } from "zod";
import { ConfirmationView, toConfirmationView } from "@/lib/runtime/confirmations/confirmation-view";
import { listConfirmationRows } from "@/lib/runtime/confirmations/queries";
import { defineTool } from "@/lib/runtime/define-tool";

export const listConfirmations = defineTool({
  name: "core_list_confirmations",
  title: "List your write confirmations",
  description: "List the confirmations created for your gated calls, newest first, optionally by status or tool. Bounded: limit (default 20, max 100) with offset; `truncated` says more exist.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z
    .object({
      status: z.enum(["pending", "approved", "denied", "consumed"]).optional(),
      tool: z.string().min(1).max(100).optional(),
      limit: z.number().int().min(1).max(100).default(20),
      offset: z.number().int().min(0).max(100_000).default(0),
    })
    .strict(),
  output: z.object({ confirmations: z.array(ConfirmationView), total: z.number().int(), truncated: z.boolean(), next_offset: z.number().int().nullable() }),
  handler: async ({ status, tool, limit, offset }, { db, principal }) => {
    const { rows, total } = await listConfirmationRows(db, { status, tool: tool?.replace(".", "_"), principal, limit, offset });
    const end = offset + rows.length;
    return { confirmations: rows.map((r) => toConfirmationView(r)), total, truncated: end < total, next_offset: end < total ? end : null };
  },
});
