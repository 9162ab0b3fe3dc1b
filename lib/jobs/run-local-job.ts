import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { jobs } from "@/drizzle/schema";
import { getDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/observability/logger";
import { failJob, runJobAttempt, wasCancelled } from "./job-lifecycle";
import { findJob } from "./job-registry";
import { createMemoStep } from "./memo-step";

/**
 * The in-process job backend. Jobs are claimed with a lease (`lease_owner`, `lease_expires_at`) renewed while they
 * run; a job whose lease expired belonged to a process that died, and the sweeper claims and resumes it — its
 * completed steps replay from `job_steps`, so finished work (scanned pages) is not redone. A cancelled job is never
 * claimed; one cancelled while it runs stops at its next step, and its slot and lease are released.
 */
const OWNER = `${process.pid}-${randomUUID().slice(0, 8)}`;
const MAX_CONCURRENT = 2;

const g = globalThis as unknown as { __omniauditJobs?: { active: Set<string>; timer?: NodeJS.Timeout; sweeping?: Promise<void>; again?: boolean } };
const state = (g.__omniauditJobs ??= { active: new Set() });

/** Claim a runnable in-process job for this process. @returns the claimed row, or undefined if another owner has it. */
async function claimJob(db: Db, jobId: string, leaseMs: number) {
  const [row] = await db
    .update(jobs)
    .set({
      status: "running",
      leaseOwner: OWNER,
      leaseExpiresAt: sql`now() + make_interval(secs => ${leaseMs / 1000}::double precision)`,
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
      attempts: sql`${jobs.attempts} + 1`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(jobs.id, jobId),
        eq(jobs.backend, "in-process"),
        inArray(jobs.status, ["queued", "running"]),
        or(isNull(jobs.leaseExpiresAt), lt(jobs.leaseExpiresAt, sql`now()`)),
      ),
    )
    .returning();
  return row;
}

async function runClaimed(db: Db, row: typeof jobs.$inferSelect, leaseMs: number): Promise<void> {
  const log = getLogger().child({ job_id: row.id, request_id: row.requestId ?? undefined, module: row.module });
  const renew = setInterval(() => {
    db.update(jobs)
      .set({ leaseExpiresAt: sql`now() + make_interval(secs => ${leaseMs / 1000}::double precision)` })
      .where(and(eq(jobs.id, row.id), eq(jobs.leaseOwner, OWNER)))
      .catch((e) => log.warn({ err: e }, "lease renewal failed"));
  }, Math.max(500, Math.floor(leaseMs / 3)));
  renew.unref();
  let def: Awaited<ReturnType<typeof findJob>>;
  let data: { job_id: string } | undefined;
  try {
    def = await findJob(row.functionId);
    if (!def) throw new Error(`No job definition registered for ${row.functionId}`);
    data = def.schema.parse(row.input);
    const out = await runJobAttempt(def, { data, step: createMemoStep(db, row.id) });
    if (wasCancelled(out)) {
      // cancelJob cleared the lease with the status; clear it here too in case the status was set another way.
      await db.update(jobs).set({ leaseOwner: null, leaseExpiresAt: null }).where(and(eq(jobs.id, row.id), eq(jobs.leaseOwner, OWNER)));
      log.info({ status: "cancelled", attempts: row.attempts }, "job stopped: cancelled");
    } else log.info({ status: "succeeded", attempts: row.attempts }, "job finished");
  } catch (e) {
    // In-process jobs are not retried: a failure is final (a crash is not a failure — the lease expires and it resumes).
    await failJob(def, { jobId: row.id, functionId: row.functionId, data, error: e });
  } finally {
    clearInterval(renew);
  }
}

/** Claim and run every runnable in-process job up to the concurrency limit (queued, or running with an expired lease). */
export async function sweepLocalJobs(): Promise<void> {
  const env = getEnv();
  if (env.jobBackend !== "in-process") return;
  const db = await getDb();
  const free = MAX_CONCURRENT - state.active.size;
  if (free <= 0) return;
  const candidates = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.backend, "in-process"), inArray(jobs.status, ["queued", "running"]), or(isNull(jobs.leaseExpiresAt), lt(jobs.leaseExpiresAt, sql`now()`))))
    .orderBy(asc(jobs.createdAt))
    .limit(free);
  for (const { id } of candidates) {
    if (state.active.has(id) || state.active.size >= MAX_CONCURRENT) continue;
    const row = await claimJob(db, id, env.JOB_LEASE_MS);
    if (!row) continue;
    state.active.add(id);
    void runClaimed(db, row, env.JOB_LEASE_MS).finally(() => {
      state.active.delete(id);
      scheduleLocalJobs();
    });
  }
}

/**
 * Ask the runner to look for work now (after an enqueue or a finished job), and make sure the periodic sweeper that
 * resumes interrupted jobs is running. Safe to call often: sweeps never overlap.
 */
export function scheduleLocalJobs(): void {
  const env = getEnv();
  if (env.jobBackend !== "in-process") return;
  if (!state.timer) {
    state.timer = setInterval(() => scheduleLocalJobs(), Math.max(1000, Math.floor(env.JOB_LEASE_MS / 3)));
    state.timer.unref();
  }
  if (state.sweeping) {
    state.again = true;
    return;
  }
  state.sweeping = sweepLocalJobs()
    .catch((e) => getLogger().error({ err: e }, "job sweep failed"))
    .finally(() => {
      state.sweeping = undefined;
      if (state.again) {
        state.again = false;
        scheduleLocalJobs();
      }
    });
}

/** Stop the periodic sweeper (tests, shutdown). Running jobs continue until they finish. */
export function stopLocalJobs(): void {
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
}

/** Ids of jobs this process is running now. */
export function activeLocalJobs(): string[] {
  return [...state.active];
}
