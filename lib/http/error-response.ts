import { ERROR_CODES, toPublicError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";

/**
 * A JSON error response for REST routes: `{ error: { code, message, details? } }` with the code's HTTP status,
 * `no-store`. Unknown errors are logged with the request id and answered as 500 `INTERNAL` without internals.
 */
export function errorResponse(e: unknown, requestId?: string): Response {
  const pub = toPublicError(e);
  if (pub.code === "INTERNAL") getLogger().error({ err: e, request_id: requestId }, "route failed");
  return Response.json({ error: pub }, { status: ERROR_CODES[pub.code], headers: { "cache-control": "no-store" } });
}
