/**
 * One error class with a closed code union (DESIGN.md §8 rule 4). Errors a caller can act on become MCP tool results
 * with `isError: true` and the stable `code`; anything else is a bug, logged and reported as `INTERNAL` without details.
 */
export const ERROR_CODES = {
  VALIDATION_ERROR: 400,
  UNKNOWN_TOOL: 404,
  NOT_FOUND: 404,
  URL_NOT_ALLOWED: 403,
  POLICY_DENIED: 403,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  CONFLICT: 409,
  WRITES_DISABLED: 403,
  CONFIRMATION_INVALID: 403,
  CONFIRMATION_TOOL_MISMATCH: 403,
  CONFIRMATION_ARGS_MISMATCH: 403,
  CONFIRMATION_PRINCIPAL_MISMATCH: 403,
  CONFIRMATION_EXPIRED: 410,
  CONFIRMATION_DENIED: 403,
  CONFIRMATION_NOT_APPROVED: 409,
  CONFIRMATION_ALREADY_USED: 409,
  /** The user declined (or dismissed) an in-chat approval. */
  CONFIRMATION_DECLINED: 403,
  /** The echoed `requestState` of an in-chat approval round does not verify. */
  CONFIRMATION_STATE_INVALID: 400,
  /** The job was cancelled (tasks/cancel, the console) before it finished. */
  JOB_CANCELLED: 409,
  UPSTREAM_ERROR: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable detail for the caller (e.g. `{ field: "url" }`, `{ retry_after_seconds: 30 }`). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  /** HTTP status for this code (used by REST routes). */
  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }
}

/** True for an {@link AppError} (also across module instances, by shape). */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError || (e instanceof Error && e.name === "AppError" && "code" in e);
}

/**
 * Map anything thrown to a caller-safe `{ code, message, details }`. Unknown errors never leak their message
 * (database errors carry table and constraint names).
 */
export function toPublicError(e: unknown): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
  if (isAppError(e)) return { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) };
  return { code: "INTERNAL", message: "Internal error; see the server log for the request id." };
}
