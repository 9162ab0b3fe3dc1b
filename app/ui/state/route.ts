import { operatorFromRequest } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { toPublicError } from "@/lib/errors";
import { getOverview } from "@/lib/modules/core/overview";
import { getLogger } from "@/lib/observability/logger";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * `GET /ui/state`: the console overview as JSON (seed-compatible URL), see {@link getOverview}. Operators only (session
 * cookie or an `operator` API key); 401 otherwise.
 */
export async function GET(req: Request): Promise<Response> {
  try {
    if (!(await operatorFromRequest(req))) {
      return Response.json({ error: { code: "UNAUTHORIZED", message: "Sign in as an operator or send an operator API key." } }, { status: 401, headers: { "cache-control": "no-store" } });
    }
    return Response.json(await getOverview(await getDb()), { headers: { "cache-control": "no-store" } });
  } catch (e) {
    getLogger().error({ err: e, route: "/ui/state" }, "overview failed");
    return Response.json({ error: toPublicError(e) }, { status: 500, headers: { "cache-control": "no-store" } });
  }
}
