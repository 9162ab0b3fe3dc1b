import { getEnv } from "@/lib/env";
import { renderMetrics } from "@/lib/observability/metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint (also served at `/metrics`); 404 when `PROMETHEUS_ENABLED=false`. */
export async function GET(): Promise<Response> {
  if (!getEnv().PROMETHEUS_ENABLED) return new Response("Not found\n", { status: 404 });
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
