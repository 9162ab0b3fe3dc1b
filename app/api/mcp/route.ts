import { withHttpMetrics } from "@/lib/observability/with-http-metrics";
import { serveMcp } from "@/lib/tools/serve-mcp";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** MCP Streamable HTTP endpoint (also served at `/mcp`); see `serveMcp`. */
const handler = withHttpMetrics("/api/mcp", serveMcp);

export { handler as GET, handler as POST, handler as DELETE };
