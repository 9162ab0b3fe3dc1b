import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { pathWords, searchVector, type SearchColumns } from "./search-vector";

/**
 * A triage of a red run (`auditlens_triage_run`, durable job): the run's evidence compared with the latest successful
 * run of the same workflow on the base branch. Invariants: `head_report_id` / `base_report_id` point at
 * `auditlens_reports`; `classes` maps a finding fingerprint to `new` | `existing` | `fixed` | `flaky` | `broken`;
 * `summary` and `status = succeeded` are written together at the end; a failed triage keeps what it found and says why.
 */
export const auditlensTriages = pgTable(
  "auditlens_triages",
  {
    id: text("id").primaryKey(),
    jobId: text("job_id").notNull(),
    repo: text("repo").notNull(),
    /** What was asked: `{ pr_number }`, `{ branch }` or `{ run_id }`. */
    target: jsonb("target").$type<Record<string, unknown>>().notNull(),
    runId: bigint("run_id", { mode: "number" }),
    headSha: text("head_sha"),
    workflowId: bigint("workflow_id", { mode: "number" }),
    baseBranch: text("base_branch"),
    baseRunId: bigint("base_run_id", { mode: "number" }),
    headReportId: text("head_report_id"),
    baseReportId: text("base_report_id"),
    classes: jsonb("classes").$type<Record<string, string>>(),
    summary: jsonb("summary").$type<Record<string, unknown>>(),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed"] }).notNull().default("queued"),
    error: jsonb("error").$type<{ code: string; message: string } | null>(),
    principal: text("principal").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("auditlens_triages_repo_idx").on(t.repo, t.createdAt), index("auditlens_triages_search_idx").using("gin", triageSearchVector(t))],
);

/** The document `search` matches a triage on (repo, headline, base branch, head commit, error). */
export function triageSearchVector(t: SearchColumns<"repo" | "summary" | "baseBranch" | "headSha" | "error">) {
  return searchVector(pathWords(t.repo), sql`(${t.summary} ->> 'headline')`, t.baseBranch, t.headSha, sql`(${t.error} ->> 'message')`);
}
