import { AppError, isAppError } from "@/lib/errors";

type SdkError = { name?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };

/**
 * An S3 failure as the caller-safe AppError the stores throw. The SDK has already retried (see `s3ClientConfig`), so
 * this is final: "no such key" (GetObject `NoSuchKey`, HeadObject `NotFound`/404) → `NOT_FOUND`; anything else
 * (5xx/`SlowDown` after the last attempt, connection refused or reset, timeouts, auth, missing bucket) →
 * `UPSTREAM_ERROR` with our own message (operation, HTTP status, attempts) — the SDK's text never reaches clients, it
 * stays on `cause` for the server log. AppErrors pass through unchanged.
 * @param operation the S3 operation, e.g. `PutObject`.
 * @param ref the ref being read or written (named in NOT_FOUND messages).
 */
export function toS3Error(e: unknown, operation: string, ref: string): AppError {
  if (isAppError(e)) return e;
  const err = (e ?? {}) as SdkError;
  const status = err.$metadata?.httpStatusCode;
  if (err.name === "NoSuchKey" || (err.name === "NotFound" && status === 404) || (status === 404 && err.name !== "NoSuchBucket")) {
    return new AppError("NOT_FOUND", `No object ${ref}`);
  }
  const attempts = err.$metadata?.attempts ?? 1;
  const answer = status ? `HTTP ${status}` : "no answer";
  const out = new AppError("UPSTREAM_ERROR", `Object storage request failed: S3 ${operation} (${answer}) after ${attempts} attempt(s).`, { operation, attempts, ...(status ? { status } : {}) });
  (out as Error).cause = e;
  return out;
}
