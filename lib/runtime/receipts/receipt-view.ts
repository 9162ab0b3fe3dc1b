import { z } from "zod";
import type { receipts } from "@/drizzle/schema";

export const ReceiptStatus = z.enum(["pending", "succeeded", "failed"]);
export type ReceiptStatus = z.infer<typeof ReceiptStatus>;

/** DESIGN.md §7 `Receipt { receipt_id, operation, inputs_hash, actor, created_at, result_ref }` plus its lifecycle. */
export const ReceiptView = z.object({
  receipt_id: z.string(),
  operation: z.string().describe("Tool that performed the state change, e.g. releasebutler_create_release"),
  inputs_hash: z.string().describe("SHA-256 (hex) of the RFC 8785 canonical JSON of the arguments"),
  actor: z.string().describe("Principal that made the call"),
  created_at: z.string().describe("ISO-8601; written before the side effect"),
  result_ref: z.string().nullable().describe("Object-store ref (sha256/<hex>, or s3://<bucket>/<prefix>/sha256/<hex> with the S3 backend) of the JSON result; null until succeeded"),
  status: ReceiptStatus.describe("pending (side effect in progress or interrupted), succeeded or failed"),
  error: z.object({ code: z.string(), message: z.string() }).nullable().describe("Why a failed operation failed"),
  confirmation_id: z.string().nullable().describe("Write-gate confirmation consumed by this operation"),
  request_id: z.string().nullable(),
  finished_at: z.string().nullable().describe("ISO-8601; null while pending"),
});
export type ReceiptView = z.infer<typeof ReceiptView>;

/** Map a `receipts` row to the public {@link ReceiptView} (timestamps as ISO-8601 strings). */
export function toReceiptView(row: typeof receipts.$inferSelect): ReceiptView {
  return {
    receipt_id: row.id,
    operation: row.operation,
    inputs_hash: row.inputsHash,
    actor: row.actor,
    created_at: row.createdAt.toISOString(),
    result_ref: row.resultRef,
    status: row.status,
    error: row.error ?? null,
    confirmation_id: row.confirmationId,
    request_id: row.requestId,
    finished_at: row.finishedAt?.toISOString() ?? null,
  };
}
