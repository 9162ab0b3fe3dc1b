import { createHash } from "node:crypto";
import { iso } from "./http";
import { type JobKind, jobSteps } from "./log-scripts";
import { type Outcome, playJob } from "./logs";
import type { Conclusion, FakeAttempt, FakeJob, FakeRun, FakeState, RunStatus } from "./state";

/** How one job of an attempt ends: `failure` at the named step with that output, `cancelled`/`in_progress` at a step. */
export type JobPlan = { kind: JobKind; name?: string; end?: "success" | "queued" | { kind: "failure"; step: string; output?: string[] } | { kind: "cancelled" | "in_progress"; step: string }; long?: boolean };

export type RunPlan = Omit<FakeRun, "attempts" | "checkSuiteId"> & { attempts: { startMs: number; jobs: JobPlan[] }[] };

/** A git-like sha, stable for a label. */
export const shaOf = (label: string) => createHash("sha1").update(label).digest("hex");

function rollUp(jobs: FakeJob[]): { status: RunStatus; conclusion: Conclusion | null } {
  if (jobs.every((j) => j.status === "queued")) return { status: "queued", conclusion: null };
  if (jobs.some((j) => j.status !== "completed")) return { status: "in_progress", conclusion: null };
  if (jobs.some((j) => j.conclusion === "failure")) return { status: "completed", conclusion: "failure" };
  if (jobs.some((j) => j.conclusion === "cancelled")) return { status: "completed", conclusion: "cancelled" };
  return { status: "completed", conclusion: "success" };
}

/**
 * Add a run, its attempts, jobs and logs to the state. Job ids are `jobIdBase + 3k` (k = 1, 2, … over the run's
 * attempts), so a seed gives the same ids in every fake.
 */
export function addRun(state: FakeState, plan: RunPlan, rnd: () => number, jobIdBase: number): { run: FakeRun; jobs: FakeJob[][] } {
  const attempts: FakeAttempt[] = [];
  const jobsByAttempt: FakeJob[][] = [];
  let seq = 0;
  plan.attempts.forEach((a, ai) => {
    const jobs: FakeJob[] = [];
    let last = a.startMs;
    for (const jp of a.jobs) {
      const id = jobIdBase + ++seq * 3;
      const createdMs = a.startMs + 1000;
      const runner = `GitHub Actions ${1 + (id % 40)}`;
      const name = jp.name ?? jp.kind;
      if (jp.end === "queued") {
        jobs.push({ id, runId: plan.id, runAttempt: ai + 1, name, status: "queued", conclusion: null, createdAt: iso(createdMs), startedAt: iso(createdMs), completedAt: null, steps: [], labels: ["ubuntu-latest"], runnerName: null });
        continue;
      }
      const steps = jobSteps({ kind: jp.kind, repo: plan.repo, sha: plan.headSha, runner, rnd, long: jp.long, failing: typeof jp.end === "object" && jp.end.kind === "failure" });
      const end = jp.end ?? "success";
      const at = typeof end === "object" ? steps.findIndex((s) => s.name === end.step) : -1;
      if (typeof end === "object" && at < 0) throw new Error(`seed: no step ${end.step} in ${jp.kind}`);
      let outcome: Outcome = { kind: "success" };
      if (typeof end === "object") outcome = end.kind === "failure" ? { kind: "failure", at, output: end.output ?? steps[at]!.output } : { kind: end.kind, at };
      const startMs = createdMs + 3000 + Math.floor(rnd() * 9000);
      const played = playJob({ startMs, rnd, steps, outcome });
      last = Math.max(last, played.endMs);
      jobs.push({ id, runId: plan.id, runAttempt: ai + 1, name, status: played.status, conclusion: played.conclusion, createdAt: iso(createdMs), startedAt: played.startedAt, completedAt: played.completedAt, steps: played.steps, labels: ["ubuntu-latest"], runnerName: runner });
      state.logs.set(id, played.log);
    }
    for (const j of jobs) state.jobs.set(j.id, j);
    attempts.push({ attempt: ai + 1, ...rollUp(jobs), startedAt: iso(a.startMs), updatedAt: iso(last) });
    jobsByAttempt.push(jobs);
  });
  const { attempts: _plans, ...rest } = plan;
  const run: FakeRun = { ...rest, checkSuiteId: 20_000_000_000 + (plan.id % 1_000_000_000), attempts };
  state.runs.set(run.id, run);
  return { run, jobs: jobsByAttempt };
}
