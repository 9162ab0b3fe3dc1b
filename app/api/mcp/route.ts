import { createMcpHandler } from "mcp-handler";
import { authenticateMcpRequest } from "@/lib/auth/mcp-auth";
import { registerMcp } from "@/lib/tools/register-mcp";
import { withHttpMetrics } from "@/lib/observability/with-http-metrics";
import { requestIdFrom, withRequestContext } from "@/lib/runtime/request-context";
import { SERVER_INFO } from "@/lib/version";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const mcp = createMcpHandler(registerMcp, { serverInfo: SERVER_INFO });

/**
 * MCP Streamable HTTP endpoint (also served at `/mcp`): Origin check and `MCP_AUTH_MODE` authentication first, then
 * the caller's principal and `x-request-id` go into the tool pipeline; the request id comes back as a header.
 */
const handler = withHttpMetrics("/api/mcp", async (req: Request): Promise<Response> => {
  const requestId = requestIdFrom(req.headers.get("x-request-id"));
  const auth = await authenticateMcpRequest(req);
  const res = auth instanceof Response ? auth : await withRequestContext({ requestId, principal: auth.principal }, () => mcp(req));
  const out = new Response(res.body, res);
  out.headers.set("x-request-id", requestId);
  return out;
});

export { handler as GET, handler as POST, handler as DELETE };
