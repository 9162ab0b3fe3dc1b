import { bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One confirmed `releasebutler_create_release` call, carried out by the durable job `job_id`. Invariants: `input` is
 * the exact confirmed tool input (its canonical hash is the receipt's `inputs_hash`); `receipt_id` is the call's
 * receipt, finalised by the job; `release_id` / `release_url` are set once the release is found or created (never a
 * second release for the tag); `status` ends `succeeded` (published or kept as the draft asked for), `partial` (some
 * assets failed: the release stays a draft) or `failed`.
 */
export const releaseRuns = pgTable(
  "release_runs",
  {
    id: text("id").primaryKey(),
    jobId: text("job_id").notNull(),
    receiptId: text("receipt_id").notNull(),
    repo: text("repo").notNull(),
    tagName: text("tag_name").notNull(),
    input: jsonb("input").$type<Record<string, unknown>>().notNull(),
    /** Release notes resolved when the call was made (`body`, or generated). */
    body: text("body"),
    principal: text("principal").notNull(),
    requestId: text("request_id"),
    releaseId: bigint("release_id", { mode: "number" }),
    releaseUrl: text("release_url"),
    status: text("status", { enum: ["queued", "running", "succeeded", "partial", "failed"] }).notNull().default("queued"),
    error: jsonb("error").$type<{ code: string; message: string } | null>(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("release_runs_job_idx").on(t.jobId), index("release_runs_repo_tag_idx").on(t.repo, t.tagName)],
);
