import { createMcpHandler } from "mcp-handler";
import { registerMcp } from "@/lib/tools/register-mcp";
import { requestIdFrom, withRequestContext } from "@/lib/runtime/request-context";
import { SERVER_INFO } from "@/lib/version";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const mcp = createMcpHandler(registerMcp, { serverInfo: SERVER_INFO });

/** MCP Streamable HTTP endpoint (also served at `/mcp`). Carries `x-request-id` into the tool pipeline and back. */
async function handler(req: Request): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get("x-request-id"));
  const res = await withRequestContext({ requestId, principal: "anonymous" }, () => mcp(req));
  const out = new Response(res.body, res);
  out.headers.set("x-request-id", requestId);
  return out;
}

export { handler as GET, handler as POST, handler as DELETE };
