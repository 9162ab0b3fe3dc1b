import { z } from "zod";
import { FindingRefsView, FindingView } from "../finding-view";
import { FindingCategory, Severity } from "../types";

/** Version of the report's JSON shape ({@link ReportData}); bumped on any change a consumer could notice (semver). */
export const REPORT_SCHEMA_VERSION = "1.0.0";

export const ReportFormat = z.enum(["json", "html", "csv", "sarif", "markdown"]);
export type ReportFormat = z.infer<typeof ReportFormat>;
export const ReportGroupBy = z.enum(["rule", "page"]);
export type ReportGroupBy = z.infer<typeof ReportGroupBy>;

const iso = z.string().describe("ISO-8601, UTC");
const counts = z.object({ new: z.number().int(), fixed: z.number().int(), unchanged: z.number().int() });

/** One audited page (one viewport). */
export const ReportPage = z.object({
  url: z.string(),
  viewport: z.string(),
  status: z.enum(["ok", "failed", "blocked"]),
  http_status: z.number().int().nullable(),
  title: z.string().nullable(),
  load_ms: z.number().int().nullable(),
  finding_count: z.number().int(),
  screenshot_ref: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ReportPage = z.infer<typeof ReportPage>;

/** One rule across the report's findings: the most severe occurrence's texts, and every page it was found on. */
export const ReportRule = z.object({
  rule_id: z.string(),
  severity: Severity.describe("Most severe occurrence"),
  category: FindingCategory,
  title: z.string(),
  description: z.string().nullable(),
  help_url: z.string().nullable(),
  suggested_fix: z.string().nullable(),
  source_tool: z.string(),
  tags: z.array(z.string()),
  refs: FindingRefsView.nullable(),
  finding_count: z.number().int(),
  page_count: z.number().int(),
  pages: z.array(z.string()).describe("Page URLs, sorted"),
});
export type ReportRule = z.infer<typeof ReportRule>;

/** A finding of the report, with its state against the baseline (null without one). */
export const ReportFinding = FindingView.extend({ baseline_state: z.enum(["new", "unchanged"]).nullable() });
export type ReportFinding = z.infer<typeof ReportFinding>;

/**
 * Everything a report is built from (and the `json` format itself), read from the database by `loadReportData`.
 * `summary` covers the whole scan; `findings` and `rules` only what passed `filter.min_severity`, at most 10,000
 * findings (`findings_truncated`).
 */
export const ReportData = z.object({
  schema_version: z.literal(REPORT_SCHEMA_VERSION),
  generated_at: iso,
  generator: z.object({ name: z.string(), version: z.string() }),
  scan: z.object({
    scan_id: z.string(),
    job_id: z.string(),
    url: z.string(),
    origin: z.string(),
    profile: z.string(),
    viewport_set: z.string(),
    crawl_budget: z.number().int(),
    status: z.string(),
    created_at: iso,
    started_at: iso.nullable(),
    finished_at: iso.nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
  summary: z.object({
    pages_total: z.number().int(),
    pages_ok: z.number().int(),
    pages_failed: z.number().int(),
    pages_blocked: z.number().int(),
    findings_total: z.number().int().describe("Whole scan, before min_severity"),
    by_severity: z.record(z.string(), z.number().int()),
    by_category: z.record(z.string(), z.number().int()),
    security: z
      .object({
        grade: z.string().nullable().describe("Start page's Observatory-comparable grade"),
        score: z.number().nullable(),
        lowest: z.object({ url: z.string(), grade: z.string(), score: z.number() }).nullable().describe("Lowest-graded page"),
      })
      .nullable()
      .describe("From scans.summary.security, when the scan graded pages"),
  }),
  filter: z.object({ min_severity: Severity.nullable(), group_by: ReportGroupBy }),
  finding_count: z.number().int(),
  findings_truncated: z.boolean(),
  findings: z.array(ReportFinding),
  rules: z.array(ReportRule),
  pages: z.array(ReportPage),
  baseline: z
    .object({
      baseline_scan_id: z.string(),
      counts,
      new: z.array(FindingView),
      fixed: z.array(FindingView),
      new_truncated: z.boolean(),
      fixed_truncated: z.boolean(),
    })
    .nullable(),
  /** Why there is no baseline section although the scan names a baseline (deleted, not final, mismatched). */
  baseline_note: z.string().nullable(),
});
export type ReportData = z.infer<typeof ReportData>;
