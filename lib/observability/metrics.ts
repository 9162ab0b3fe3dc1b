import { setTimeout as sleep } from "node:timers/promises";
import { count } from "drizzle-orm";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { jobs } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { getLogger } from "@/lib/observability/logger";

/**
 * Prometheus metrics (DESIGN.md §7) on a dedicated registry, exposed at `/metrics`. Every recorder is synchronous and
 * never throws, so a metrics problem cannot fail a tool call. Label values must come from bounded sets (registered
 * tool names, bucket names, route templates) — never from raw caller input — to keep series cardinality bounded.
 */

/** Latency buckets in seconds, 5 ms … 60 s (tool calls, HTTP requests). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Job duration buckets in seconds, 1 s … 1 h (scans and GitHub jobs run for minutes). */
const JOB_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];
/** How long a scrape waits for the job count before reporting without it. */
const JOB_COUNT_TIMEOUT_MS = 2_000;

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "omniaudit_" });
  const registers = [registry];
  return {
    registry,
    toolCalls: new Counter({ name: "omniaudit_tool_calls_total", help: "Tool calls by tool and outcome.", labelNames: ["tool", "status"] as const, registers }),
    toolLatency: new Histogram({ name: "omniaudit_tool_latency_seconds", help: "Tool call wall time in seconds.", labelNames: ["tool"] as const, buckets: LATENCY_BUCKETS, registers }),
    gateDenied: new Counter({ name: "omniaudit_write_gate_denied_total", help: "Write-gate refusals by tool.", labelNames: ["tool"] as const, registers }),
    gateDeniedByReason: new Counter({ name: "omniaudit_write_gate_denied_by_reason_total", help: "Write-gate refusals by tool and reason.", labelNames: ["tool", "reason"] as const, registers }),
    rateLimited: new Counter({ name: "omniaudit_rate_limit_denied_total", help: "Calls refused by a rate-limit bucket.", labelNames: ["bucket"] as const, registers }),
    policyDenied: new Counter({ name: "omniaudit_policy_denied_total", help: "Calls refused by a policy.", labelNames: ["tool", "policy"] as const, registers }),
    httpRequests: new Counter({ name: "omniaudit_http_requests_total", help: "HTTP requests by route, method and status.", labelNames: ["route", "method", "status"] as const, registers }),
    httpDuration: new Histogram({ name: "omniaudit_http_request_duration_seconds", help: "Time to response headers in seconds.", labelNames: ["route", "method"] as const, buckets: LATENCY_BUCKETS, registers }),
    jobsFinished: new Counter({ name: "omniaudit_jobs_finished_total", help: "Jobs that reached a final state.", labelNames: ["function", "status"] as const, registers }),
    jobDuration: new Histogram({ name: "omniaudit_job_duration_seconds", help: "Job run time in seconds.", labelNames: ["function"] as const, buckets: JOB_BUCKETS, registers }),
    jobs: new Gauge({
      name: "omniaudit_jobs",
      help: "Jobs in the jobs table by status (read at scrape time; absent when the database is unavailable).",
      labelNames: ["status"] as const,
      registers,
      async collect() {
        this.reset();
        const counts = await countJobsByStatus();
        if (counts) for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
      },
    }),
  };
}

type Metrics = ReturnType<typeof build>;

// One registry per process, kept on globalThis so Next.js route bundles (and dev reloads) share it instead of each
// bundle registering its own copy.
const g = globalThis as unknown as { __omniauditMetrics?: Metrics };
function m(): Metrics {
  g.__omniauditMetrics ??= build();
  return g.__omniauditMetrics;
}

/** Seconds as a histogram observation; NaN/Infinity are dropped, negatives clamp to 0. */
function obs(seconds: number): number | undefined {
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

/**
 * Count jobs by status (`{ queued, running, succeeded, failed, cancelled }`, every status present), or `undefined` when
 * the database is unavailable or slower than {@link JOB_COUNT_TIMEOUT_MS}. Never throws.
 */
async function countJobsByStatus(): Promise<Record<string, number> | undefined> {
  const stop = new AbortController();
  // Resolves `undefined` after the timeout; unref'd so it never keeps the process alive, aborted once the race is over.
  const timeout = sleep(JOB_COUNT_TIMEOUT_MS, undefined, { signal: stop.signal, ref: false }).catch(() => undefined);
  const query = (async () => {
    const db = await getDb();
    const rows = await db.select({ status: jobs.status, n: count() }).from(jobs).groupBy(jobs.status);
    const out: Record<string, number> = Object.fromEntries(jobs.status.enumValues.map((s) => [s, 0]));
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  })();
  try {
    return await Promise.race([query, timeout]);
  } catch (e) {
    getLogger().debug({ err: e }, "metrics: job count unavailable");
    return undefined;
  } finally {
    stop.abort();
    query.catch(() => {}); // a query that loses the race must not become an unhandled rejection
  }
}

/** Record one finished tool call: `omniaudit_tool_calls_total{tool,status}` + `omniaudit_tool_latency_seconds{tool}`. */
export function recordToolCall(tool: string, status: "ok" | "error", seconds: number): void {
  m().toolCalls.inc({ tool, status });
  const v = obs(seconds);
  if (v !== undefined) m().toolLatency.observe({ tool }, v);
}

/** Record a write-gate refusal: `omniaudit_write_gate_denied_total{tool}` and `…_by_reason_total{tool,reason}`. */
export function recordWriteGateDenied(tool: string, reason: string): void {
  m().gateDenied.inc({ tool });
  m().gateDeniedByReason.inc({ tool, reason });
}

/** Record a rate-limit refusal: `omniaudit_rate_limit_denied_total{bucket}`. */
export function recordRateLimited(bucket: string): void {
  m().rateLimited.inc({ bucket });
}

/** Record a policy refusal: `omniaudit_policy_denied_total{tool,policy}` (policy e.g. "url", "repo_allowlist"). */
export function recordPolicyDenied(tool: string, policy: string): void {
  m().policyDenied.inc({ tool, policy });
}

/**
 * Record one HTTP request: `omniaudit_http_requests_total{route,method,status}` and
 * `omniaudit_http_request_duration_seconds{route,method}`. `route` is the route template ("/api/mcp"), not the URL.
 */
export function recordHttpRequest(route: string, method: string, status: number, seconds: number): void {
  const verb = method.toUpperCase();
  m().httpRequests.inc({ route, method: verb, status: String(status) });
  const v = obs(seconds);
  if (v !== undefined) m().httpDuration.observe({ route, method: verb }, v);
}

/**
 * Record a job reaching a final state: `omniaudit_jobs_finished_total{function,status}` and
 * `omniaudit_job_duration_seconds{function}`. `functionId` is the Inngest function id (`<module>/<verb-noun>`).
 */
export function recordJobFinished(functionId: string, status: string, seconds: number): void {
  m().jobsFinished.inc({ function: functionId, status });
  const v = obs(seconds);
  if (v !== undefined) m().jobDuration.observe({ function: functionId }, v);
}

/**
 * Render every metric in the Prometheus text exposition format 0.0.4. Scraping also reads the job counts from the
 * database (bounded by a 2 s timeout; the `omniaudit_jobs` series are absent if that fails).
 * @returns `contentType` for the `Content-Type` header and the `body` text.
 */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const { registry } = m();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
