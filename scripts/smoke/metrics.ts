/** The counters and histogram DESIGN.md §7 names; each must be declared (`# TYPE`) on `/metrics`. */
export const REQUIRED_METRICS = {
  omniaudit_tool_calls_total: "counter",
  omniaudit_tool_latency_seconds: "histogram",
  omniaudit_write_gate_denied_total: "counter",
  omniaudit_rate_limit_denied_total: "counter",
} as const;

/** Sum of the samples of `name` whose labels include every `labels` pair (Prometheus text exposition format). */
export function sampleSum(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

/**
 * Check a scrape after the smoke's calls: every {@link REQUIRED_METRICS} declared with its type, the gated tool's
 * calls counted, and the gate's refusal of the replayed token counted.
 * @returns the values read, for the summary.
 * @throws Error listing what is missing. Counters live per process: behind several instances, scrape the one the
 *   smoke talked to.
 */
export function assertMetrics(text: string, tool: string): Record<string, number> {
  const missing = Object.entries(REQUIRED_METRICS).filter(([name, type]) => !new RegExp(`^# TYPE ${name} ${type}$`, "m").test(text)).map(([n]) => n);
  if (missing.length) throw new Error(`/metrics does not declare ${missing.join(", ")}`);
  const values = {
    [`omniaudit_tool_calls_total{tool="${tool}"}`]: sampleSum(text, "omniaudit_tool_calls_total", { tool }),
    [`omniaudit_tool_latency_seconds_count{tool="${tool}"}`]: sampleSum(text, "omniaudit_tool_latency_seconds_count", { tool }),
    [`omniaudit_write_gate_denied_total{tool="${tool}"}`]: sampleSum(text, "omniaudit_write_gate_denied_total", { tool }),
  };
  const zero = Object.entries(values).filter(([, v]) => !(v >= 1)).map(([k]) => k);
  if (zero.length) throw new Error(`/metrics has no count for ${zero.join(", ")} after the smoke's calls`);
  return values;
}
