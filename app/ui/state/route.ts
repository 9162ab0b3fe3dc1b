import { getDb } from "@/lib/db/client";
import { toPublicError } from "@/lib/errors";
import { getOverview } from "@/lib/modules/core/overview";
import { getLogger } from "@/lib/observability/logger";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `GET /ui/state`: the console overview as JSON (seed-compatible URL), see {@link getOverview}. */
export async function GET(): Promise<Response> {
  try {
    return Response.json(await getOverview(await getDb()), { headers: { "cache-control": "no-store" } });
  } catch (e) {
    getLogger().error({ err: e, route: "/ui/state" }, "overview failed");
    return Response.json({ error: toPublicError(e) }, { status: 500, headers: { "cache-control": "no-store" } });
  }
}
