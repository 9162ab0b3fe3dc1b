import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * CI reports AuditLens parsed (`auditlens_parse_findings`, and the head/base evidence of a triage). One row per parse
 * call; it may cover several files (every report in an artifact). Its findings are `findings` rows with
 * `module = 'auditlens'`, `source_kind = 'report'`, `source_id = id`, deduplicated by fingerprint within the report.
 * Invariants: a report whose parse failed is deleted with its findings (nothing half-stored); `summary` is set once
 * `status` is `ready`.
 */
export const auditlensReports = pgTable(
  "auditlens_reports",
  {
    id: text("id").primaryKey(),
    /** `owner/name` lower-cased, when the evidence came from GitHub. */
    repo: text("repo"),
    /** `artifact` | `object` | `inline`. */
    sourceKind: text("source_kind").notNull(),
    /** Where the evidence came from: `{ artifact_id, run_id, name }`, `{ object_ref }`, `{ filename }`. */
    source: jsonb("source").$type<Record<string, unknown>>().notNull(),
    /** The files parsed: path, detected/forced format, object ref, findings and items read. */
    files: jsonb("files").$type<{ path: string; format: string; ref: string | null; findings: number; items: number }[]>().notNull().default([]),
    dedupeStrategy: text("dedupe_strategy").notNull(),
    status: text("status", { enum: ["parsing", "ready"] }).notNull().default("parsing"),
    /** Findings by severity, tool and category; tests by outcome (JUnit). */
    summary: jsonb("summary").$type<Record<string, unknown>>(),
    triageId: text("triage_id"),
    principal: text("principal").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("auditlens_reports_created_idx").on(t.createdAt), index("auditlens_reports_triage_idx").on(t.triageId)],
);
