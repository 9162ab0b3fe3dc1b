import { z } from "zod";
import { ReportPage } from "../report/report-data";
import { AppError, isAppError } from "@/lib/errors";
import { toJobRef } from "@/lib/jobs/job-ref";
import { getJobRow } from "@/lib/jobs/queries";
import { JobRef } from "@/lib/jobs/types";
import type { Db } from "@/lib/db/client";
import { defineTool } from "@/lib/runtime/define-tool";
import { compareScans, isFinalScan } from "../compare-scans";
import { countScanPages, getScanRow, listScanPageRows } from "../queries";

const MAX_PAGES = 100;

/** Finding counts against the scan's stored baseline, or null (none, not final, or not comparable any more). */
async function baselineCounts(db: Db, scan: NonNullable<Awaited<ReturnType<typeof getScanRow>>>) {
  if (!scan.baselineScanId || !isFinalScan(scan)) return null;
  try {
    const d = await compareScans(db, { baseScanId: scan.baselineScanId, headScanId: scan.id, allowMismatch: scan.options.compare_mismatched === true, limit: 0 });
    return { baseline_scan_id: d.base.id, ...d.counts };
  } catch (e) {
    if (isAppError(e)) return null;
    throw e;
  }
}

export const getScan = defineTool({
  name: "sitelint_get_scan",
  title: "Get a site audit",
  description:
    "Return a scan: its settings, status, page counts, finding counts by severity and category (and `policy_refusals`, connections the URL policy refused), its job (JobRef), and the pages audited (URL, viewport, HTTP status, title, load time in ms, finding count, screenshot ref, policy refusals, error for failed pages; at most 100, `pages_truncated` says more exist).",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({ scan_id: z.string().min(1).max(100) }).strict(),
  output: z.object({
    scan_id: z.string(),
    url: z.string(),
    profile: z.string(),
    viewport_set: z.string(),
    crawl_budget: z.number().int(),
    entry_paths: z.array(z.string()),
    status: z.string(),
    pages_planned: z.number().int(),
    pages_done: z.number().int(),
    pages_failed: z.number().int(),
    summary: z.record(z.string(), z.unknown()).nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    job: JobRef.nullable(),
    pages: z.array(
      ReportPage.extend({
        policy_refusals: z.number().int().describe("Connections the page (browser or link checks) tried that the URL policy refused"),
        finished_at: z.string().describe("ISO-8601; when the page's audit was stored"),
      }),
    ),
    pages_truncated: z.boolean(),
    baseline: z
      .object({ baseline_scan_id: z.string(), new: z.number().int(), fixed: z.number().int(), unchanged: z.number().int() })
      .nullable()
      .describe("Diff with the scan's baseline once final (sitelint_compare_scans)"),
  }),
  handler: async ({ scan_id }, { db }) => {
    const scan = await getScanRow(db, scan_id);
    if (!scan) throw new AppError("NOT_FOUND", `No scan ${scan_id}.`);
    const [job, pages, counts] = await Promise.all([getJobRow(db, scan.jobId), listScanPageRows(db, scan_id, MAX_PAGES + 1), countScanPages(db, scan_id)]);
    return {
      scan_id: scan.id,
      url: scan.url,
      profile: scan.profile,
      viewport_set: scan.viewportSet,
      crawl_budget: scan.crawlBudget,
      entry_paths: scan.entryPaths,
      status: scan.status,
      pages_planned: scan.pagesPlanned,
      pages_done: counts.ok,
      pages_failed: counts.failed,
      summary: scan.summary ?? null,
      error: scan.error ?? null,
      created_at: scan.createdAt.toISOString(),
      finished_at: scan.finishedAt?.toISOString() ?? null,
      job: job ? toJobRef(job) : null,
      pages: pages.slice(0, MAX_PAGES).map((p) => ({
        url: p.url,
        viewport: p.viewport,
        status: p.status,
        http_status: p.httpStatus,
        title: p.title,
        load_ms: p.loadMs,
        finding_count: p.findingCount,
        screenshot_ref: p.screenshotRef,
        error: p.error ?? null,
        policy_refusals: Number((p.diagnostics as { policy_refusals?: { total?: unknown } } | null)?.policy_refusals?.total ?? 0),
        finished_at: p.finishedAt.toISOString(),
      })),
      pages_truncated: pages.length > MAX_PAGES,
      baseline: await baselineCounts(db, scan),
    };
  },
});
