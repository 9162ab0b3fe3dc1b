import { z } from "zod";
import { verifyAuditLog as verifyChain } from "@/lib/audit/verify-audit-log";
import { defineTool } from "@/lib/runtime/define-tool";

export const verifyAuditLog = defineTool({
  name: "core_verify_audit_log",
  title: "Verify the audit log's hash chain",
  description:
    "Re-compute the SHA-256 hash chain of the append-only audit log (one row per tool call) from the first row to the last and report whether it is intact. " +
    "Returns ok, checked (rows examined), first_bad_seq and reason (`hash mismatch` = a row was edited, `gap before seq N` = rows were deleted, `prev_hash mismatch` = a row was forged or re-linked, `seq out of order` = rows were moved) when it is broken, and head { seq, hash }: the last verified row. " +
    "The chain alone cannot catch someone who rewrites every hash after an edit; record head somewhere else and compare it later to detect that. Reads the whole log: call it on demand, not in a loop.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({}).strict(),
  output: z.object({
    ok: z.boolean(),
    checked: z.number().int().describe("Rows examined, including the first bad one"),
    first_bad_seq: z.number().int().nullable().describe("seq of the first row that breaks the chain; null when ok"),
    reason: z.string().nullable().describe("hash mismatch | gap before seq N | prev_hash mismatch | seq out of order; null when ok"),
    head: z
      .object({ seq: z.number().int(), hash: z.string() })
      .nullable()
      .describe("Last verified row (the chain tip when ok); anchor it externally. null when the log is empty"),
  }),
  handler: async (_input, { db }) => verifyChain(db),
});
