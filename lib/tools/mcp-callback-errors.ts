import "server-only";
import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError } from "@modelcontextprotocol/server";
import { isAppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";
import { currentRequestContext } from "@/lib/observability/request-context";

/**
 * Run a resource, prompt or completion callback and turn whatever it throws into a JSON-RPC error fit for a client.
 * These callbacks have no `isError` channel, and the SDK answers any other exception with `-32603` carrying the
 * exception's own message — a database error would reach the client with table and constraint names. So:
 * - a `ProtocolError` (incl. `ResourceNotFoundError`) passes unchanged;
 * - with `uri` (a `resources/read`): `AppError` `NOT_FOUND` or `VALIDATION_ERROR` → `ResourceNotFoundError(uri)`, i.e.
 *   `-32602` with `data.uri` (MCP 2026-07-28 server/resources §Error Handling, SEP-2164; conformance
 *   `sep-2164-resource-not-found`);
 * - any other `AppError` → `-32603` with its caller-safe message and `data.code` (e.g. `UPSTREAM_ERROR` when S3 fails);
 * - anything else → logged with the request id, `-32603` "Internal error" naming only that request id.
 * @param what names the operation in the log line, e.g. `resources/read`.
 */
export async function guardCallback<T>(what: string, fn: () => Promise<T>, o: { uri?: string } = {}): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    if (isAppError(e)) {
      if (o.uri !== undefined && (e.code === "NOT_FOUND" || e.code === "VALIDATION_ERROR")) throw new ResourceNotFoundError(o.uri);
      throw new ProtocolError(ProtocolErrorCode.InternalError, e.message, { code: e.code });
    }
    const { requestId } = currentRequestContext();
    getLogger().error({ err: e, request_id: requestId, operation: what, uri: o.uri?.slice(0, 300) }, "MCP callback failed");
    throw new ProtocolError(ProtocolErrorCode.InternalError, `Internal error; see the server log for request id ${requestId}.`);
  }
}
