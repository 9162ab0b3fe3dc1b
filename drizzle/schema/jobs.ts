import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, real, text, timestamp } from "drizzle-orm/pg-core";
import { pathWords, searchVector, type SearchColumns } from "./search-vector";

/**
 * Durable jobs: the single source of job status and progress for MCP tools and the console (DESIGN.md §5).
 * Invariants: `status` moves queued → running → (succeeded | failed | cancelled) and never back from a final state;
 * `progress` is `progress_done / progress_total` in [0, 1]; `lease_expires_at` is set only while an in-process runner
 * owns a running job — an expired lease on a running job means its process died and the job may be resumed.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    module: text("module").notNull(),
    /** Inngest function id, `<module>/<verb-noun>`. */
    functionId: text("function_id").notNull(),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed", "cancelled"] }).notNull().default("queued"),
    progress: real("progress").notNull().default(0),
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total").notNull().default(0),
    /** Short human-readable stage ("crawling 3/10: /about"). */
    progressMessage: text("progress_message"),
    input: jsonb("input").notNull(),
    result: jsonb("result"),
    error: jsonb("error").$type<{ code: string; message: string } | null>(),
    /** The resource the job works on, e.g. `{ kind: "scan", id }`. */
    subjectKind: text("subject_kind"),
    subjectId: text("subject_id"),
    principal: text("principal").notNull().default("anonymous"),
    requestId: text("request_id"),
    backend: text("backend", { enum: ["inngest", "in-process"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("jobs_status_idx").on(t.status, t.createdAt),
    index("jobs_subject_idx").on(t.subjectKind, t.subjectId),
    index("jobs_search_idx").using("gin", jobSearchVector(t)),
  ],
);

/** The document `search` matches a job on (function id, module, progress message, error). */
export function jobSearchVector(t: SearchColumns<"functionId" | "module" | "progressMessage" | "error">) {
  return searchVector(pathWords(t.functionId), t.module, t.progressMessage, sql`(${t.error} ->> 'message')`);
}
