import "server-only";
import { and, eq } from "drizzle-orm";
import { jobSteps } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { StepTools } from "./types";

/**
 * The in-process step runner: each completed `step.run(id, fn)` is stored in `job_steps` and replayed (not re-run)
 * when the job is resumed after a restart — Inngest's memoization, on our database. Results are JSON round-tripped
 * on the first run too, so a handler sees the same values whether a step ran now or was replayed.
 * @throws Error when a step id is used twice in one job run (ids must be unique, as in Inngest).
 */
export function createMemoStep(db: Db, jobId: string): StepTools {
  const used = new Set<string>();
  return {
    async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
      if (used.has(id)) throw new Error(`Step id "${id}" used twice in job ${jobId}`);
      used.add(id);
      const [done] = await db.select().from(jobSteps).where(and(eq(jobSteps.jobId, jobId), eq(jobSteps.stepId, id))).limit(1);
      if (done) return done.output as T;
      const started = Date.now();
      const value = await fn();
      const output = value === undefined ? null : (JSON.parse(JSON.stringify(value)) as T);
      await db.insert(jobSteps).values({ jobId, stepId: id, output, durationMs: Date.now() - started }).onConflictDoNothing();
      return output as T;
    },
  };
}
