import "server-only";
import { isAppError } from "@/lib/errors";
import type { ObjectStore } from "@/lib/object-store";

/** Results bigger than this (bytes, 256 KiB) are not returned inline; fetch them by ref instead. */
export const MAX_INLINE_RESULT_BYTES = 256 * 1024;

/** A receipt's result object, bounded: `result` is null unless the object exists, is ≤ 256 KiB and is JSON. */
export type ReceiptResult = {
  /** The parsed JSON of the `result_ref` object; null when there is none or it is not returned (see below). */
  result: unknown;
  /** True when the object exceeds {@link MAX_INLINE_RESULT_BYTES} and was left out. */
  result_truncated: boolean;
  /** Why an existing `result_ref` could not be returned (missing from the store, not JSON); null otherwise. */
  result_error: string | null;
};

/**
 * Load and parse the JSON object a receipt's `result_ref` points at. The object store has no size query, so the
 * object is read and then measured: the bound protects callers (tool output, page size), not server memory.
 * @param ref an object ref (`sha256/<hex>` or `s3://…`) or null (no result yet).
 * @throws only for unexpected store failures (I/O); a missing or malformed object is reported in `result_error`.
 */
export async function readReceiptResult(store: ObjectStore, ref: string | null): Promise<ReceiptResult> {
  if (!ref) return { result: null, result_truncated: false, result_error: null };
  let bytes: Buffer;
  try {
    bytes = await store.get(ref);
  } catch (e) {
    if (isAppError(e) && (e.code === "NOT_FOUND" || e.code === "VALIDATION_ERROR")) {
      return { result: null, result_truncated: false, result_error: `Result object ${ref} is not in the object store.` };
    }
    throw e;
  }
  if (bytes.byteLength > MAX_INLINE_RESULT_BYTES) return { result: null, result_truncated: true, result_error: null };
  try {
    return { result: JSON.parse(bytes.toString("utf8")) as unknown, result_truncated: false, result_error: null };
  } catch {
    return { result: null, result_truncated: false, result_error: `Result object ${ref} is not JSON.` };
  }
}
