import { iso } from "./http";
import type { Conclusion, FakeStep, RunStatus } from "./state";

/** One step of a job: its name (as in the API's `steps`), the `##[group]` header it prints, and its output lines. */
export type StepPlan = { name: string; header?: string[]; output: string[]; /** Post steps and "Complete job" run after a failure. */ always?: boolean };

/** How the job ends: every step passes, or step `at` fails (with `output`), is cancelled, or is still running. */
export type Outcome = { kind: "success" } | { kind: "failure"; at: number; output: string[] } | { kind: "cancelled"; at: number } | { kind: "in_progress"; at: number };

export type PlayedJob = { status: RunStatus; conclusion: Conclusion | null; steps: FakeStep[]; log: string; startedAt: string; completedAt: string | null; endMs: number };

/** `2024-05-02T09:13:45.1234567Z ` — the runner's 100 ns timestamp prefix. */
function stamp(ms: number, rnd: () => number): string {
  const base = new Date(ms).toISOString().slice(0, 23);
  return `${base}${String(Math.floor(rnd() * 10_000)).padStart(4, "0")}Z `;
}

/**
 * Play a job's steps into GitHub Actions' raw log format and the API's `steps` (number, status, conclusion, times):
 * every line prefixed with a timestamp, headers as `##[group]…`/`##[endgroup]`, the log starting with a UTF-8 BOM as
 * GitHub's do. A failing step ends with `##[error]Process completed with exit code 1.`; the steps after it are
 * skipped except those marked `always`; a cancelled one ends with `##[error]The operation was canceled.`.
 */
export function playJob(o: { startMs: number; rnd: () => number; steps: StepPlan[]; outcome: Outcome }): PlayedJob {
  const { rnd, outcome } = o;
  let t = o.startMs;
  const lines: string[] = [];
  const steps: FakeStep[] = [];
  const emit = (text: string, dt: number) => {
    t += dt;
    lines.push(stamp(t, rnd) + text);
  };
  let stopped = false;
  let conclusion: Conclusion | null = "success";
  let status: RunStatus = "completed";
  o.steps.forEach((s, i) => {
    const number = i + 1;
    if (status === "in_progress") return steps.push({ name: s.name, status: "queued", conclusion: null, number, startedAt: null, completedAt: null });
    if (stopped && !s.always) return steps.push({ name: s.name, status: "completed", conclusion: "skipped", number, startedAt: iso(t), completedAt: iso(t) });
    t += 200 + Math.floor(rnd() * 1200);
    const startedAt = iso(t);
    const long = s.output.length > 500;
    for (const h of s.header ?? []) emit(h, 1 + Math.floor(rnd() * 3));
    const failing = !stopped && (outcome.kind === "failure" || outcome.kind === "cancelled" || outcome.kind === "in_progress") && outcome.at === i;
    const output = failing && outcome.kind === "failure" ? outcome.output : s.output;
    const shown = failing && outcome.kind !== "failure" ? output.slice(0, Math.ceil(output.length / 2)) : output;
    for (const line of shown) emit(line, long ? 2 + Math.floor(rnd() * 6) : 5 + Math.floor(rnd() * 60));
    if (failing && outcome.kind === "in_progress") {
      status = "in_progress";
      conclusion = null;
      return steps.push({ name: s.name, status: "in_progress", conclusion: null, number, startedAt, completedAt: null });
    }
    let stepConclusion: Conclusion = "success";
    if (failing && outcome.kind === "failure") {
      emit("##[error]Process completed with exit code 1.", 20);
      stepConclusion = conclusion = "failure";
      stopped = true;
    } else if (failing && outcome.kind === "cancelled") {
      emit("##[error]The operation was canceled.", 20);
      stepConclusion = conclusion = "cancelled";
      stopped = true;
    }
    steps.push({ name: s.name, status: "completed", conclusion: stepConclusion, number, startedAt, completedAt: iso(t) });
  });
  const startedAt = iso(o.startMs);
  return { status, conclusion, steps, log: "\uFEFF" + lines.join("\n") + "\n", startedAt, completedAt: status === "completed" ? iso(t) : null, endMs: t };
}
