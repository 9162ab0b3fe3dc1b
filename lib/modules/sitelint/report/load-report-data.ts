import "server-only";
import { z } from "zod";
import { FINDING_SEVERITIES } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { SERVER_INFO } from "@/lib/version";
import { compareScans } from "../compare-scans";
import { summarizeScan } from "../finalize-scan";
import { toFindingView } from "../finding-view";
import { getScanRow, listFindingRows, listScanPageRows } from "../queries";
import type { Severity } from "../types";
import { REPORT_SCHEMA_VERSION, type ReportData, type ReportFinding, type ReportGroupBy, type ReportRule } from "./report-data";

/** Findings a report holds at most (a 500-page, two-viewport scan rarely has more; the rest is `findings_truncated`). */
export const MAX_REPORT_FINDINGS = 10_000;
/** Pages a report lists at most (crawl_budget ≤ 500 × two viewports). */
const MAX_REPORT_PAGES = 1_000;
/** New / fixed findings listed in the baseline section. */
const MAX_BASELINE_LIST = 500;

const GradedPage = z.object({ url: z.string(), grade: z.string().max(10), score: z.number() });
/**
 * `scans.summary.security` as finalizeScan writes it (`SiteSecurityGrade`: the start page's Observatory-comparable grade
 * and the lowest page's), read loosely — a flat `{ grade, score }` is accepted too.
 */
const StoredSecurity = z.looseObject({ start: GradedPage.nullish(), lowest: GradedPage.nullish(), grade: z.string().max(10).nullish(), score: z.number().nullish() });

/** The report's security summary from the stored one, or null when the scan graded nothing. */
function securityOf(stored: unknown): ReportData["summary"]["security"] {
  const s = StoredSecurity.safeParse(stored);
  if (!s.success) return null;
  const grade = s.data.start?.grade ?? s.data.grade ?? null;
  const lowest = s.data.lowest ?? null;
  if (grade === null && !lowest) return null;
  return { grade, score: s.data.start?.score ?? s.data.score ?? null, lowest };
}

const rank = (s: Severity) => FINDING_SEVERITIES.indexOf(s);

/** Severities at least as severe as `min` (all of them without one). */
export function severitiesFrom(min: Severity | undefined): Severity[] {
  return min ? FINDING_SEVERITIES.filter((s) => rank(s) <= rank(min)) : [...FINDING_SEVERITIES];
}

/** One entry per rule: the most severe occurrence's texts, counts and sorted pages; most severe, then widest first. */
export function groupByRule(findings: ReportFinding[]): ReportRule[] {
  const groups = new Map<string, { first: ReportFinding; n: number; pages: Set<string> }>();
  for (const f of findings) {
    const g = groups.get(f.rule_id);
    if (!g) groups.set(f.rule_id, { first: f, n: 1, pages: new Set(f.page_url ? [f.page_url] : []) });
    else {
      g.n++;
      if (f.page_url) g.pages.add(f.page_url);
      if (rank(f.severity) < rank(g.first.severity)) g.first = f;
    }
  }
  return [...groups.values()]
    .map(({ first: f, n, pages }) => ({
      rule_id: f.rule_id, severity: f.severity, category: f.category, title: f.title, description: f.description, help_url: f.help_url, suggested_fix: f.suggested_fix,
      source_tool: f.source_tool, tags: f.tags, refs: f.refs, finding_count: n, page_count: pages.size, pages: [...pages].sort(),
    }))
    .sort((a, b) => rank(a.severity) - rank(b.severity) || b.page_count - a.page_count || a.rule_id.localeCompare(b.rule_id));
}

/** The baseline section, or why there is none (an AppError's message: baseline deleted, not final, mismatched). */
async function loadBaseline(db: Db, scan: NonNullable<Awaited<ReturnType<typeof getScanRow>>>) {
  if (!scan.baselineScanId) return { baseline: null, note: null, newIds: new Set<string>() };
  try {
    const d = await compareScans(db, { baseScanId: scan.baselineScanId, headScanId: scan.id, allowMismatch: scan.options.compare_mismatched === true, limit: MAX_REPORT_FINDINGS, unchangedLimit: 0 });
    const baseline = {
      baseline_scan_id: d.base.id,
      counts: d.counts,
      new: d.new.slice(0, MAX_BASELINE_LIST).map(toFindingView),
      fixed: d.fixed.slice(0, MAX_BASELINE_LIST).map(toFindingView),
      new_truncated: d.counts.new > MAX_BASELINE_LIST,
      fixed_truncated: d.counts.fixed > MAX_BASELINE_LIST,
    };
    return { baseline, note: null, newIds: new Set(d.new.map((f) => f.id)) };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { baseline: null, note: `No comparison with baseline ${scan.baselineScanId}: ${e.message}`, newIds: new Set<string>() };
  }
}

/**
 * Read everything a report of one scan shows: the scan, its pages (all statuses), live finding counts (whole scan),
 * the findings at or above `minSeverity` (with refs; most severe first, then page, rule, viewport; at most
 * {@link MAX_REPORT_FINDINGS}), their rules, and — when the scan names a baseline — the diff against it (see
 * `compareScans`; a baseline that cannot be compared leaves `baseline` null and says why in `baseline_note`).
 * @returns a value of the `ReportData` schema (schema_version {@link REPORT_SCHEMA_VERSION}).
 * @throws AppError NOT_FOUND for an unknown scan.
 */
export async function loadReportData(db: Db, o: { scanId: string; minSeverity?: Severity; groupBy: ReportGroupBy; now?: Date }): Promise<ReportData> {
  const scan = await getScanRow(db, o.scanId);
  if (!scan) throw new AppError("NOT_FOUND", `No scan ${o.scanId}.`, { field: "scan_id" });
  const [pages, live, found, base] = await Promise.all([
    listScanPageRows(db, scan.id, MAX_REPORT_PAGES),
    summarizeScan(db, scan.id),
    listFindingRows(db, { scanId: scan.id, severity: severitiesFrom(o.minSeverity), limit: MAX_REPORT_FINDINGS }),
    loadBaseline(db, scan),
  ]);
  const findings: ReportFinding[] = found.rows.map((r) => ({ ...toFindingView(r.finding), baseline_state: base.baseline ? (base.newIds.has(r.finding.id) ? "new" : "unchanged") : null }));
  const pagesWith = (s: string) => pages.filter((p) => p.status === s).length;
  return {
    schema_version: REPORT_SCHEMA_VERSION,
    generated_at: (o.now ?? new Date()).toISOString(),
    generator: { name: "OmniAudit SiteLint", version: SERVER_INFO.version },
    scan: {
      scan_id: scan.id, job_id: scan.jobId, url: scan.url, origin: scan.origin, profile: scan.profile, viewport_set: scan.viewportSet, crawl_budget: scan.crawlBudget, status: scan.status,
      created_at: scan.createdAt.toISOString(), started_at: scan.startedAt?.toISOString() ?? null, finished_at: scan.finishedAt?.toISOString() ?? null, error: scan.error ?? null,
    },
    summary: {
      pages_total: pages.length, pages_ok: pagesWith("ok"), pages_failed: pagesWith("failed"), pages_blocked: pagesWith("blocked"),
      findings_total: live.findings_total, by_severity: live.by_severity, by_category: live.by_category,
      security: securityOf(scan.summary?.security),
    },
    filter: { min_severity: o.minSeverity ?? null, group_by: o.groupBy },
    finding_count: findings.length,
    findings_truncated: found.total > findings.length,
    findings,
    rules: groupByRule(findings),
    pages: pages.map((p) => ({
      url: p.url, viewport: p.viewport, status: p.status, http_status: p.httpStatus, title: p.title, load_ms: p.loadMs, finding_count: p.findingCount, screenshot_ref: p.screenshotRef, error: p.error ?? null,
    })),
    baseline: base.baseline,
    baseline_note: base.note,
  };
}
