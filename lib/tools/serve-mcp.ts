import "server-only";
import { createMcpHandler, isInitializeRequest, isLegacyRequest, legacyStatelessFallback } from "@modelcontextprotocol/server";
import { authenticateMcpRequest } from "@/lib/auth/mcp-auth";
import { getLogger } from "@/lib/observability/logger";
import { currentRequestContext, requestIdFrom, withRequestContext } from "@/lib/observability/request-context";
import { auditRefusedCall, screenMcpPost } from "./mcp-edge";
import { openLegacySession, serveLegacySession } from "./mcp-sessions";
import { buildMcpServer } from "./register-mcp";

/** The edge (`screenMcpPost`) enforces `MCP_MAX_BODY_BYTES`; the SDK's own cap is set to the setting's upper bound. */
const SDK_BODY_CAP = 256 * 1024 * 1024;
const onerror = (e: Error) => getLogger().debug({ err: e }, "MCP SDK reported an error");

/** 2026-07-28: stateless, one server per request, per-request `_meta` envelope (`server/discover`, no `initialize`). */
const modern = createMcpHandler(() => buildMcpServer({ era: "modern", sessionful: false }), { legacy: "reject", onerror, maxRequestBodySize: SDK_BODY_CAP });
/** 2025-era messages that name no session and are not `initialize`: answered statelessly, as before sessions. */
const legacyStateless = legacyStatelessFallback(() => buildMcpServer({ era: "legacy", sessionful: false }), onerror, { maxRequestBodySize: SDK_BODY_CAP });

/**
 * Route one request by protocol era (the SDK's own `isLegacyRequest` classification, so the routing never disagrees
 * with it): 2026-07-28 traffic → the stateless modern handler; 2025-era `initialize` → a new session; a request naming
 * a session → that session (POST, standalone GET stream, DELETE); other 2025-era messages → stateless.
 */
async function dispatch(req: Request, principal: string): Promise<Response> {
  const sessionId = req.headers.get("mcp-session-id");
  if (req.method !== "POST") {
    if (sessionId && (req.method === "GET" || req.method === "DELETE")) return serveLegacySession(req, sessionId, principal);
    return modern.fetch(req);
  }
  if (!(await isLegacyRequest(req))) return modern.fetch(req);
  if (sessionId) return serveLegacySession(req, sessionId, principal);
  const message: unknown = await req.clone().json().catch(() => undefined);
  if (isInitializeRequest(message)) return openLegacySession(req, principal, () => buildMcpServer({ era: "legacy", sessionful: true }));
  return legacyStateless(req);
}

/**
 * One request to the MCP Streamable HTTP endpoint: Origin check and `MCP_AUTH_MODE` authentication, then the edge
 * (`screenMcpPost`: size cap, batches, params), then the SDK with the caller's principal and `x-request-id` in the
 * request context (carried into the pipeline, logs and audit rows). The request id comes back as a header.
 */
export async function serveMcp(req: Request): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get("x-request-id"));
  const auth = await authenticateMcpRequest(req);
  const res =
    auth instanceof Response
      ? auth
      : await withRequestContext({ requestId, principal: auth.principal }, async () => {
          const who = { requestId, principal: auth.principal };
          const screened = req.method === "POST" ? await screenMcpPost(req, who) : { forward: req };
          if ("response" in screened) return screened.response;
          const answer = await dispatch(screened.forward, auth.principal);
          // The SDK refused a tools/call before dispatching it (headers, protocol version): audit it all the same.
          if (screened.toolCall && answer.status >= 400 && !currentRequestContext().toolCallHandled) await auditRefusedCall(screened.toolCall, { ...who, errorCode: "PROTOCOL_ERROR" });
          return answer;
        });
  const out = new Response(res.body, res);
  out.headers.set("x-request-id", requestId);
  return out;
}
