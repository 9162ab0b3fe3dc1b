import "server-only";
import { and, eq, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import {
  auditlensReports,
  auditlensTriages,
  findingSearchVector,
  findings,
  jobSearchVector,
  jobs,
  receiptSearchVector,
  receipts,
  scanSearchVector,
  scans,
  triageSearchVector,
} from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { RecordSummary } from "./record-link";
import { parseRecordRef } from "./record-ref";

/** Most results one search returns. */
export const MAX_SEARCH_RESULTS = 20;

/** The rank of an exact id match: above any `ts_rank` (which stays below 1 for these short documents). */
const EXACT_RANK = sql.raw("1000");

type Branch = { kind: RecordSummary["kind"]; id: AnyColumn; vector: SQL; info: SQL; createdAt: AnyColumn };

/** One kind's part of the union: its id, kind, summary fields (jsonb) and rank, for rows matching the query or the id. */
function branchFields({ kind, id, vector, info, createdAt }: Branch, tsquery: SQL, exactId: string) {
  return {
    select: {
      kind: sql<RecordSummary["kind"]>`${sql.raw(`'${kind}'`)}`.as("kind"),
      id: sql<string>`${id}`.as("id"),
      info: sql<Record<string, unknown>>`${info}`.as("info"),
      rank: sql<number>`case when ${id} = ${exactId} then ${EXACT_RANK} else ts_rank(${vector}, ${tsquery}) end`.as("rank"),
      createdAt: sql`${createdAt}`.as("created_at"),
    },
    where: or(eq(id, exactId), sql`${vector} @@ ${tsquery}`),
  };
}

/**
 * The statement {@link searchRecords} runs, unexecuted (its plan is checked by a test: every branch must be served by
 * its table's GIN index). Same parameters as {@link searchRecords}.
 */
export function searchQuery(db: Db, query: string, limit = MAX_SEARCH_RESULTS) {
  const tsquery = sql`websearch_to_tsquery('simple', ${query})`;
  const exactId = parseRecordRef(query)?.id ?? query.trim();
  const part = (b: Branch) => branchFields(b, tsquery, exactId);

  const f = part({
    kind: "finding",
    id: findings.id,
    vector: findingSearchVector(findings),
    createdAt: findings.createdAt,
    info: sql`jsonb_build_object('title', ${findings.title}, 'severity', ${findings.severity}, 'category', ${findings.category}, 'module', ${findings.module},
      'rule_id', ${findings.ruleId}, 'where', coalesce(${findings.pageUrl}, ${findings.location} ->> 'path'), 'scan_job_id', ${scans.jobId}, 'triage_id', ${auditlensReports.triageId})`,
  });
  const s = part({
    kind: "scan",
    id: scans.id,
    vector: scanSearchVector(scans),
    createdAt: scans.createdAt,
    info: sql`jsonb_build_object('url', ${scans.url}, 'status', ${scans.status}, 'job_id', ${scans.jobId})`,
  });
  const t = part({
    kind: "triage",
    id: auditlensTriages.id,
    vector: triageSearchVector(auditlensTriages),
    createdAt: auditlensTriages.createdAt,
    info: sql`jsonb_build_object('repo', ${auditlensTriages.repo}, 'headline', ${auditlensTriages.summary} ->> 'headline', 'status', ${auditlensTriages.status})`,
  });
  const r = part({
    kind: "receipt",
    id: receipts.id,
    vector: receiptSearchVector(receipts),
    createdAt: receipts.createdAt,
    info: sql`jsonb_build_object('operation', ${receipts.operation}, 'actor', ${receipts.actor}, 'status', ${receipts.status})`,
  });
  const j = part({
    kind: "job",
    id: jobs.id,
    vector: jobSearchVector(jobs),
    createdAt: jobs.createdAt,
    info: sql`jsonb_build_object('function_id', ${jobs.functionId}, 'status', ${jobs.status})`,
  });

  return unionAll(
    db
      .select(f.select)
      .from(findings)
      .leftJoin(scans, and(eq(findings.sourceKind, "scan"), eq(scans.id, findings.sourceId)))
      .leftJoin(auditlensReports, and(eq(findings.sourceKind, "report"), eq(auditlensReports.id, findings.sourceId)))
      .where(f.where),
    db.select(s.select).from(scans).where(s.where),
    db.select(t.select).from(auditlensTriages).where(t.where),
    db.select(r.select).from(receipts).where(r.where),
    db.select(j.select).from(jobs).where(j.where),
  )
    .orderBy(sql`rank desc`, sql`created_at desc`, sql`id`)
    .limit(Math.min(Math.max(1, limit), MAX_SEARCH_RESULTS));
}

/**
 * Full-text search over findings, scans, triages, receipts and jobs: one query, a `UNION ALL` of each kind's
 * `to_tsvector('simple', …) @@ websearch_to_tsquery('simple', query)` (the documents of drizzle/schema, served by
 * their GIN expression indexes), ranked by `ts_rank`. A query that is a record's id (`scan_…`, or typed `scan:scan_…`)
 * also finds that record, ranked first. `websearch_to_tsquery` accepts any text (quotes, `-`, `or`; operators like
 * `&`, `:*` are ignored), so no query is a syntax error; one with no words matches nothing but an id.
 * @param query free text, already validated (non-empty, bounded, no NUL — the tool's input schema and the pipeline).
 * @param limit at most this many results (default and maximum {@link MAX_SEARCH_RESULTS}).
 * @returns summaries, best first (rank, then newest, then id).
 */
export async function searchRecords(db: Db, query: string, limit = MAX_SEARCH_RESULTS): Promise<RecordSummary[]> {
  const rows = await searchQuery(db, query, limit);
  return rows.map((row) => ({ ...row.info, kind: row.kind, id: row.id }) as RecordSummary);
}
