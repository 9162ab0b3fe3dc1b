import { getDb } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { getOverview } from "@/lib/modules/core/overview";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `GET /ui/state`: the console overview as JSON (seed-compatible URL), see `getOverview`. Operators only; 401 otherwise. */
export const GET = route({ name: "/ui/state", auth: "operator" }, async () => getOverview(await getDb()));
