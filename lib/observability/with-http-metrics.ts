import { performance } from "node:perf_hooks";
import { recordHttpRequest } from "./metrics";

/**
 * Wrap a route handler so each request is counted in `omniaudit_http_requests_total{route,method,status}` and timed in
 * `omniaudit_http_request_duration_seconds{route,method}`. `route` is a fixed template (e.g. "/api/mcp"), never the
 * URL, to keep label cardinality bounded. The duration runs until the handler returns its `Response` (time to
 * headers), not until a streamed body (SSE) ends. A thrown error is counted as status 500 and re-thrown.
 */
export function withHttpMetrics<A extends unknown[]>(
  route: string,
  handler: (req: Request, ...rest: A) => Promise<Response>,
): (req: Request, ...rest: A) => Promise<Response> {
  return async (req, ...rest) => {
    const started = performance.now();
    let status = 500;
    try {
      const res = await handler(req, ...rest);
      status = res.status;
      return res;
    } finally {
      recordHttpRequest(route, req.method, status, (performance.now() - started) / 1000);
    }
  };
}
