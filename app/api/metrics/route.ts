import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { renderMetrics } from "@/lib/observability/metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint (also served at `/metrics`); 404 when `PROMETHEUS_ENABLED=false`. */
export const GET = route({ name: "/api/metrics", auth: "none" }, async () => {
  if (!getEnv().PROMETHEUS_ENABLED) throw new AppError("NOT_FOUND", "Metrics are disabled (PROMETHEUS_ENABLED=false).");
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
