import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ConfirmationView, toConfirmationView } from "@/lib/runtime/confirmations/confirmation-view";
import { getConfirmationRow } from "@/lib/runtime/confirmations/queries";
import { defineTool } from "@/lib/runtime/define-tool";

export const getConfirmation = defineTool({
  name: "core_get_confirmation",
  title: "Get a write confirmation",
  description:
    "Return one of your confirmations: status (pending, approved, denied, consumed, expired), approval mode, summary, the exact arguments it covers, expiry, and who decided it. Use it to wait for an operator's approval before calling the gated tool again with its confirmation_token.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({ confirmation_id: z.string().min(1).max(100) }).strict(),
  output: ConfirmationView,
  handler: async ({ confirmation_id }, { db, principal }) => {
    const row = await getConfirmationRow(db, confirmation_id);
    // Another caller's confirmation is reported as absent: ids are not secrets, but arguments may be.
    if (!row || row.principal !== principal) throw new AppError("NOT_FOUND", `No confirmation ${confirmation_id} for you.`);
    return toConfirmationView(row);
  },
});
