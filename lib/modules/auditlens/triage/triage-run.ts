import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { auditlensTriages } from "@/drizzle/schema";
import { getDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createGitHubAccess } from "@/lib/github/github-access";
import type { JobError, StepTools } from "@/lib/jobs/types";
import { updateJobProgress } from "@/lib/jobs/update-job";
import { getObjectStore } from "@/lib/object-store";
import { classifyTriage } from "./classify-triage";
import { collectRunEvidence } from "./collect-run-evidence";
import { earlierAttempts, findBaseRun, findSiblingRuns, findTargetRun, type TriageTarget } from "./find-target-run";

const STAGES = 5;

/**
 * Triage a red run (the `auditlens/triage-run` job), one durable step per stage, each replayed (not redone) on resume:
 * 1. `find-run` — the run (given, or the latest failed one of the PR head / branch) and the base branch;
 * 2. `head-evidence` — its artifacts' reports parsed and deduplicated (failed-job logs when it has none);
 * 3. `siblings` — the run's earlier attempts (re-runs: GitHub `run_attempt`) and other completed runs of the workflow
 *    on the same commit (flaky-test evidence);
 * 4. `base-evidence` — the latest successful run of the workflow on the base branch;
 * 5. `classify` — every finding and failing test `new` / `existing` / `fixed` / `flaky` / `broken`, stored with the
 *    summary. Progress is written per stage (inside each step).
 * @returns the triage summary. @throws AppError from GitHub or parsing; the triage keeps what it found (see `failTriage`).
 */
export async function triageRun({ triageId, jobId, step }: { triageId: string; jobId: string; step: StepTools }) {
  const db = await getDb();
  const [t] = await db.select().from(auditlensTriages).where(eq(auditlensTriages.id, triageId)).limit(1);
  if (!t) throw new AppError("NOT_FOUND", `No triage ${triageId}`);
  const github = createGitHubAccess({ db, env: getEnv() });
  const store = getObjectStore();
  const progress = (done: number, message: string) => updateJobProgress(db, jobId, { done, total: STAGES, message });
  const common = { db, store, github, repo: t.repo, triageId, principal: t.principal };

  const target = await step.run("find-run", async () => {
    await db.update(auditlensTriages).set({ status: "running" }).where(eq(auditlensTriages.id, triageId));
    const r = await findTargetRun(await github.forRepo(t.repo), t.target as TriageTarget);
    await db.update(auditlensTriages).set({ runId: r.run.run_id, headSha: r.run.head_sha, workflowId: r.run.workflow_id, baseBranch: r.baseBranch }).where(eq(auditlensTriages.id, triageId));
    await progress(1, `run ${r.run.run_id} (${r.run.conclusion ?? r.run.status}) of ${r.run.name ?? "workflow"}`);
    return r;
  });
  const head = await step.run("head-evidence", async () => {
    const latest = target.run.run_attempt > 1 ? { attempt: target.run.run_attempt, from: target.run.run_started_at, to: null } : undefined;
    const e = await collectRunEvidence({ ...common, runId: target.run.run_id, role: "head", attempt: latest });
    await db.update(auditlensTriages).set({ headReportId: e.reportId }).where(eq(auditlensTriages.id, triageId));
    await progress(2, `parsed ${e.files.length} report file(s) of run ${target.run.run_id}`);
    return e;
  });
  const siblings = await step.run("siblings", async () => {
    const client = await github.forRepo(t.repo);
    const out: { runId: number; attempt: number | null; reportId: string; testsTotal: number }[] = [];
    for (const w of await earlierAttempts(client, target.run)) {
      const e = await collectRunEvidence({ ...common, runId: target.run.run_id, role: "attempt", attempt: w });
      out.push({ runId: target.run.run_id, attempt: w.attempt, reportId: e.reportId, testsTotal: e.tests?.total ?? 0 });
    }
    const runs = await findSiblingRuns(client, { workflowId: target.run.workflow_id, headSha: target.run.head_sha, excludeRunId: target.run.run_id });
    for (const r of runs) {
      const e = await collectRunEvidence({ ...common, runId: r.run_id, role: "sibling" });
      out.push({ runId: r.run_id, attempt: null, reportId: e.reportId, testsTotal: e.tests?.total ?? 0 });
    }
    await progress(3, `${out.length} other attempt(s) and run(s) of the same commit`);
    return out;
  });
  const base = await step.run("base-evidence", async () => {
    const run = await findBaseRun(await github.forRepo(t.repo), { workflowId: target.run.workflow_id, baseBranch: target.baseBranch, excludeRunId: target.run.run_id });
    const e = run ? await collectRunEvidence({ ...common, runId: run.run_id, role: "base" }) : null;
    await db.update(auditlensTriages).set({ baseRunId: run?.run_id ?? null, baseReportId: e?.reportId ?? null }).where(eq(auditlensTriages.id, triageId));
    await progress(4, run ? `compared with run ${run.run_id} on ${target.baseBranch}` : `no successful run on ${target.baseBranch}`);
    return { runId: run?.run_id ?? null, reportId: e?.reportId ?? null };
  });
  return step.run("classify", async () => {
    const { classes, summary } = await classifyTriage(db, { headReportId: head.reportId, headTestsTotal: head.tests?.total ?? 0, baseReportId: base.reportId, siblings, baseBranch: target.baseBranch });
    const full = {
      ...summary, run: target.run, base_run_id: base.runId, head_files: head.files, used_logs: head.usedLogs,
      sibling_runs: [...new Set(siblings.filter((s) => s.attempt === null).map((s) => s.runId))], earlier_attempts: siblings.filter((s) => s.attempt !== null).map((s) => s.attempt!),
      sibling_report_ids: siblings.map((s) => s.reportId),
    };
    // A triage whose job was cancelled meanwhile stays failed with JOB_CANCELLED (cancelJob → failTriage).
    await db.update(auditlensTriages).set({ classes, summary: full, status: "succeeded", finishedAt: new Date() }).where(and(eq(auditlensTriages.id, triageId), inArray(auditlensTriages.status, ["queued", "running"])));
    await progress(5, summary.headline);
    return full;
  });
}

/** Mark a triage failed once its job failed for good; keeps whatever reports it stored, never overwrites a final status. */
export async function failTriage(db: Db, triageId: string, error: JobError): Promise<void> {
  await db.update(auditlensTriages).set({ status: "failed", error, finishedAt: new Date() }).where(and(eq(auditlensTriages.id, triageId), inArray(auditlensTriages.status, ["queued", "running"])));
}
