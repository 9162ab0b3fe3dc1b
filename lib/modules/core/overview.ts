import "server-only";
import { and, count, eq, inArray } from "drizzle-orm";
import { FINDING_CATEGORIES, FINDING_SEVERITIES, findings, jobs } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { toJobRef } from "@/lib/jobs/job-ref";
import { listJobRows } from "@/lib/jobs/queries";
import { JobStatus, type JobRef } from "@/lib/jobs/types";
import { listScanRows } from "@/lib/modules/sitelint/queries";

/** One recent SiteLint scan as the overview lists it. Times are ISO-8601 UTC. */
export type OverviewScan = {
  scan_id: string;
  job_id: string;
  url: string;
  status: string;
  profile: string;
  viewport_set: string;
  pages_planned: number;
  pages_done: number;
  pages_failed: number;
  /** Findings stored so far (live while the scan runs). */
  findings_total: number;
  created_at: string;
  finished_at: string | null;
};

/** The console overview and `/ui/state` payload: plain JSON (no Dates, no class instances). */
export type Overview = {
  /** Every job status (zero included) → number of jobs. */
  jobs_by_status: Record<JobStatus, number>;
  /** Every severity (zero included) → number of findings across all scans. */
  findings_by_severity: Record<(typeof FINDING_SEVERITIES)[number], number>;
  /** Every known category (zero included, plus any other stored category) → number of findings. */
  findings_by_category: Record<string, number>;
  /** The 10 newest jobs. */
  recent_jobs: JobRef[];
  /** The 10 newest scans. */
  recent_scans: OverviewScan[];
  /** When this snapshot was taken, ISO-8601 UTC. */
  generated_at: string;
};

const RECENT = 10;

/** Counts rows into a map that lists every `keys` entry, zero when absent, and keeps any extra keys found. */
function tally<K extends string>(keys: readonly K[], rows: { k: string; n: number }[]): Record<K, number> & Record<string, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
  for (const r of rows) out[r.k] = (out[r.k] ?? 0) + Number(r.n);
  return out as Record<K, number> & Record<string, number>;
}

/**
 * Snapshot for the console's overview page and the seed-compatible `GET /ui/state`: job counts by status, finding
 * counts by severity and category, the 10 newest jobs (DESIGN.md §7 `JobRef`) and the 10 newest scans with their live
 * finding counts. Six small queries; safe to call on every request.
 * @throws when the database cannot be reached.
 */
export async function getOverview(db: Db): Promise<Overview> {
  const [jobCounts, sevCounts, catCounts, jobRows, scanRows] = await Promise.all([
    db.select({ k: jobs.status, n: count() }).from(jobs).groupBy(jobs.status),
    db.select({ k: findings.severity, n: count() }).from(findings).groupBy(findings.severity),
    db.select({ k: findings.category, n: count() }).from(findings).groupBy(findings.category),
    listJobRows(db, { limit: RECENT }),
    listScanRows(db, { limit: RECENT }),
  ]);
  const scanIds = scanRows.map((s) => s.id);
  const perScan = scanIds.length
    ? await db
        .select({ k: findings.sourceId, n: count() })
        .from(findings)
        .where(and(eq(findings.sourceKind, "scan"), inArray(findings.sourceId, scanIds)))
        .groupBy(findings.sourceId)
    : [];
  const findingsOf = new Map(perScan.map((r) => [r.k, Number(r.n)]));
  return {
    jobs_by_status: tally(JobStatus.options, jobCounts),
    findings_by_severity: tally(FINDING_SEVERITIES, sevCounts),
    findings_by_category: tally(FINDING_CATEGORIES, catCounts),
    recent_jobs: jobRows.map(toJobRef),
    recent_scans: scanRows.map((s) => ({
      scan_id: s.id,
      job_id: s.jobId,
      url: s.url,
      status: s.status,
      profile: s.profile,
      viewport_set: s.viewportSet,
      pages_planned: s.pagesPlanned,
      pages_done: s.pagesDone,
      pages_failed: s.pagesFailed,
      findings_total: findingsOf.get(s.id) ?? 0,
      created_at: s.createdAt.toISOString(),
      finished_at: s.finishedAt?.toISOString() ?? null,
    })),
    generated_at: new Date().toISOString(),
  };
}
