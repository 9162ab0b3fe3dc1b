import { z } from "zod";
import { protectedResourceMetadataResponse } from "@/lib/auth/oauth/protected-resource-metadata";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ path: z.array(z.string().max(100)).max(8).optional() });

/**
 * RFC 9728 protected-resource metadata: `/.well-known/oauth-protected-resource` and its path-suffixed forms
 * `/…/mcp` and `/…/api/mcp`; 404 unless `MCP_AUTH_MODE=oauth` (see `protectedResourceMetadataResponse`). Public.
 */
const handler = route({ name: "/.well-known/oauth-protected-resource", auth: "none", params: Params }, async ({ req, params }) =>
  protectedResourceMetadataResponse({ method: req.method, suffix: params.path ?? [] }),
);

export { handler as GET, handler as OPTIONS };
