import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { getLogger } from "@/lib/observability/logger";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `GET /api/healthz`: 200 `{status:"ok",db:"ok"}` after a `select 1`; 503 `UNAVAILABLE` (no detail) otherwise. Public. */
export const GET = route({ name: "/api/healthz", auth: "none" }, async () => {
  try {
    await (await getDb()).execute(sql`select 1`);
  } catch (e) {
    getLogger().error({ err: e, route: "/api/healthz" }, "health check failed");
    throw new AppError("UNAVAILABLE", "The database is not reachable.");
  }
  return { status: "ok", db: "ok" };
});
