import { z } from "zod";
import { verifyAuditLog as verifyChain } from "@/lib/audit/verify-audit-log";
import { defineTool } from "@/lib/runtime/define-tool";

export const verifyAuditLog = defineTool({
  name: "core_verify_audit_log",
  title: "Verify the audit log's hash chain",
  description:
    "Re-compute the SHA-256 hash chain of the append-only audit log (one row per tool call) and report whether it is intact: ok, checked, and when broken first_bad_seq with reason (hash mismatch = edited row, gap = deleted rows, prev_hash mismatch = forged or re-linked, seq out of order = moved); head {seq, hash} is the last verified row — record it elsewhere and compare later to catch a rewrite of every hash. Reads the whole log: call on demand, not in a loop.",
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
