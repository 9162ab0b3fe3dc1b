import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** Who is calling and under which request id, carried through one HTTP request. `toolCallHandled` is set when the
 * MCP `tools/call` handler ran (the edge audits a call the SDK refused before it). */
export type RequestContext = { requestId: string; principal: string; toolCallHandled?: boolean };

const storage = new AsyncLocalStorage<RequestContext>();

/** Run `fn` with `ctx` as the current request context. */
export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request context, or an anonymous one with a fresh id outside any request. */
export function currentRequestContext(): RequestContext {
  return storage.getStore() ?? { requestId: randomUUID(), principal: "anonymous" };
}

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accept a caller's `x-request-id` when it is well-formed, else generate one. */
export function requestIdFrom(header: string | null): string {
  return header && REQUEST_ID_RE.test(header) ? header : randomUUID();
}
