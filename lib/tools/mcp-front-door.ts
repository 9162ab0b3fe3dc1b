import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { getEnv } from "@/lib/env";
import { hostRefusal } from "@/lib/http/allowed-host";
import { getLogger } from "@/lib/observability/logger";
import { withHttpMetrics } from "@/lib/observability/with-http-metrics";
import { serveMcp } from "./serve-mcp";

/** A node:http request listener for the MCP endpoint. */
export type McpNodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Where boot leaves the listener for `scripts/serve.mjs` (the process's HTTP server, outside Next.js's bundles). */
export const MCP_FRONT_DOOR = Symbol.for("omniaudit.mcpFrontDoor");

/** The paths the front door answers: the documented `/mcp` and the route's own `/api/mcp` (query strings ignored). */
export function isMcpPath(url: string | undefined): boolean {
  const path = (url ?? "").split("?", 1)[0];
  return path === "/mcp" || path === "/api/mcp";
}

/**
 * The MCP endpoint as a node:http listener, for the production server to call before Next.js's router: the same
 * `serveMcp` the `/api/mcp` route runs, behind the same `Host` check as `proxy.ts` (DNS rebinding) and the same HTTP
 * metrics (route label `/api/mcp`). Node's request and response are adapted to Fetch's by @hono/node-server with the
 * global `Request`/`Response` left alone (Next.js shares the process). Streamed bodies (SSE) stream; a client that goes
 * away aborts the request's signal.
 *
 * Why: Next.js's request path (router, proxy, rewrite, its own adaptation) costs more per call than the whole audited
 * pipeline — under load it capped `/mcp` at ≈ 0.15× a bare SDK server (docs/architecture.md, "Throughput").
 * Anything that throws past `serveMcp` (it answers its own errors) becomes a JSON-RPC `-32603` 500 with no detail.
 */
export function createMcpNodeListener(): McpNodeListener {
  const handler = withHttpMetrics("/api/mcp", serveMcp);
  return getRequestListener(
    (req) => {
      const refused = hostRefusal(new URL(req.url).pathname, req.headers.get("host"), getEnv());
      return refused ? Response.json(refused.body, { status: refused.status, headers: { "cache-control": "no-store" } }) : handler(req);
    },
    {
      overrideGlobalObjects: false,
      errorHandler: (e) => {
        getLogger().error({ err: e }, "mcp front door: unhandled error");
        return Response.json({ jsonrpc: "2.0", id: null, error: { code: -32603, message: "Internal error; see the server log." } }, { status: 500 });
      },
    },
  );
}

/** Leave the listener where `scripts/serve.mjs` finds it (called once by boot, in the server process). */
export function installMcpFrontDoor(): void {
  (globalThis as Record<symbol, unknown>)[MCP_FRONT_DOOR] = createMcpNodeListener();
}
