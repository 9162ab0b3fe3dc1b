import { integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { jobs } from "./jobs";

/**
 * Memoized results of completed `step.run` calls of the in-process step runner. Invariant: a row exists only for a
 * step that completed (output is final and is replayed instead of re-running the step after a restart); a step id is
 * unique within its job.
 */
export const jobSteps = pgTable(
  "job_steps",
  {
    jobId: text("job_id")
      .notNull()
      .references(() => jobs.id, { onDelete: "cascade" }),
    stepId: text("step_id").notNull(),
    output: jsonb("output"),
    durationMs: integer("duration_ms").notNull().default(0),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.stepId] })],
);
