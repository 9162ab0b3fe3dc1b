import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { getLogger } from "@/lib/observability/logger";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/** `GET /api/healthz`: 200 `{status:"ok",db:"ok"}` after a `select 1`; 503 `{status:"error"}` (no detail) otherwise. */
export async function GET(): Promise<Response> {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return Response.json({ status: "ok", db: "ok" }, { headers: NO_STORE });
  } catch (e) {
    getLogger().error({ err: e, route: "/api/healthz" }, "health check failed");
    return Response.json({ status: "error" }, { status: 503, headers: NO_STORE });
  }
}
