import "server-only";
import { createMcpHandler } from "mcp-handler";
import { authenticateMcpRequest } from "@/lib/auth/mcp-auth";
import { currentRequestContext, requestIdFrom, withRequestContext } from "@/lib/observability/request-context";
import { SERVER_INFO } from "@/lib/version";
import { auditRefusedCall, screenMcpPost } from "./mcp-edge";
import { registerMcp } from "./register-mcp";

const mcp = createMcpHandler(registerMcp, { serverInfo: SERVER_INFO });

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
          const answer = await mcp(screened.forward);
          // The SDK refused a tools/call before dispatching it (headers, protocol version): audit it all the same.
          if (screened.toolCall && answer.status >= 400 && !currentRequestContext().toolCallHandled) await auditRefusedCall(screened.toolCall, { ...who, errorCode: "PROTOCOL_ERROR" });
          return answer;
        });
  const out = new Response(res.body, res);
  out.headers.set("x-request-id", requestId);
  return out;
}
