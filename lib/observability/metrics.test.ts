import { describe, expect, it, vi } from "vitest";
import { jobs } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import {
  recordHttpRequest,
  recordJobFinished,
  recordPolicyDenied,
  recordRateLimited,
  recordToolCall,
  recordWriteGateDenied,
  renderMetrics,
} from "./metrics";

// Wrap getDb so single tests can make the database unavailable; every other call reaches the real (PGlite) database.
vi.mock("@/lib/db/client", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/db/client")>();
  return { ...real, getDb: vi.fn(real.getDb) };
});

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Parse the exposition text into samples (labels as a map, so label order does not matter). */
function samples(body: string): Sample[] {
  return body
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      if (!m) throw new Error(`unparsable line: ${l}`);
      const labels = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** The value of the one sample with exactly these labels, or undefined. */
async function value(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const found = samples((await renderMetrics()).body).filter(
    (s) => s.name === name && Object.keys(s.labels).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

describe("metrics", () => {
  it("renders Prometheus text with default process metrics under the omniaudit_ prefix", async () => {
    const { contentType, body } = await renderMetrics();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toMatch(/^omniaudit_process_cpu_user_seconds_total \d/m);
    expect(body).toMatch(/^omniaudit_nodejs_heap_size_used_bytes \d/m);
  });

  it("counts tool calls by tool and status and observes latency per tool", async () => {
    recordToolCall("t_calls", "ok", 0.004);
    recordToolCall("t_calls", "ok", 0.2);
    recordToolCall("t_calls", "error", 45);
    expect(await value("omniaudit_tool_calls_total", { tool: "t_calls", status: "ok" })).toBe(2);
    expect(await value("omniaudit_tool_calls_total", { tool: "t_calls", status: "error" })).toBe(1);
    expect(await value("omniaudit_tool_latency_seconds_count", { tool: "t_calls" })).toBe(3);
    expect(await value("omniaudit_tool_latency_seconds_sum", { tool: "t_calls" })).toBeCloseTo(45.204);
    expect(await value("omniaudit_tool_latency_seconds_bucket", { tool: "t_calls", le: "0.005" })).toBe(1);
    expect(await value("omniaudit_tool_latency_seconds_bucket", { tool: "t_calls", le: "60" })).toBe(3);
    expect(await value("omniaudit_tool_latency_seconds_bucket", { tool: "t_calls", le: "+Inf" })).toBe(3);
  });

  it("counts write-gate, rate-limit and policy refusals with their labels", async () => {
    recordWriteGateDenied("t_gate", "token_expired");
    recordWriteGateDenied("t_gate", "token_expired");
    recordWriteGateDenied("t_gate", "not_approved");
    recordRateLimited("b_scans");
    recordPolicyDenied("t_gate", "repo_allowlist");
    expect(await value("omniaudit_write_gate_denied_total", { tool: "t_gate" })).toBe(3);
    expect(await value("omniaudit_write_gate_denied_by_reason_total", { tool: "t_gate", reason: "token_expired" })).toBe(2);
    expect(await value("omniaudit_write_gate_denied_by_reason_total", { tool: "t_gate", reason: "not_approved" })).toBe(1);
    expect(await value("omniaudit_rate_limit_denied_total", { bucket: "b_scans" })).toBe(1);
    expect(await value("omniaudit_policy_denied_total", { tool: "t_gate", policy: "repo_allowlist" })).toBe(1);
  });

  it("records HTTP requests and finished jobs", async () => {
    recordHttpRequest("/api/test", "post", 200, 0.03);
    recordHttpRequest("/api/test", "POST", 500, 0.5);
    recordJobFinished("sitelint/test-fn", "succeeded", 90);
    recordJobFinished("sitelint/test-fn", "failed", 2);
    expect(await value("omniaudit_http_requests_total", { route: "/api/test", method: "POST", status: "200" })).toBe(1);
    expect(await value("omniaudit_http_requests_total", { route: "/api/test", method: "POST", status: "500" })).toBe(1);
    expect(await value("omniaudit_http_request_duration_seconds_count", { route: "/api/test", method: "POST" })).toBe(2);
    expect(await value("omniaudit_jobs_finished_total", { function: "sitelint/test-fn", status: "succeeded" })).toBe(1);
    expect(await value("omniaudit_job_duration_seconds_count", { function: "sitelint/test-fn" })).toBe(2);
    expect(await value("omniaudit_job_duration_seconds_bucket", { function: "sitelint/test-fn", le: "120" })).toBe(2);
  });

  it("ignores non-finite durations but still counts the call", async () => {
    recordToolCall("t_nan", "ok", Number.NaN);
    expect(await value("omniaudit_tool_calls_total", { tool: "t_nan", status: "ok" })).toBe(1);
    expect(await value("omniaudit_tool_latency_seconds_count", { tool: "t_nan" })).toBeUndefined();
  });

  it("reports the jobs table by status", async () => {
    const db = await getDb();
    const row = { module: "sitelint", functionId: "sitelint/test-fn", input: {}, backend: "in-process" as const };
    await db.insert(jobs).values([
      { ...row, id: "job_m1", status: "running" },
      { ...row, id: "job_m2", status: "running" },
      { ...row, id: "job_m3", status: "failed" },
    ]);
    expect(await value("omniaudit_jobs", { status: "running" })).toBe(2);
    expect(await value("omniaudit_jobs", { status: "failed" })).toBe(1);
    expect(await value("omniaudit_jobs", { status: "queued" })).toBe(0);
  });

  it("still renders, without the jobs gauge, when the database is unavailable", async () => {
    vi.mocked(getDb).mockRejectedValueOnce(new Error("connection refused"));
    const { body } = await renderMetrics();
    expect(body).toContain("# TYPE omniaudit_jobs gauge");
    expect(samples(body).some((s) => s.name === "omniaudit_jobs")).toBe(false);
    expect(body).toContain("omniaudit_tool_calls_total");
  });

  it("gives up on a hung database after the timeout", async () => {
    vi.mocked(getDb).mockReturnValueOnce(new Promise(() => {}));
    const started = Date.now();
    const { body } = await renderMetrics();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(samples(body).some((s) => s.name === "omniaudit_jobs")).toBe(false);
  });
});
