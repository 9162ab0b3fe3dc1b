import { z } from "zod";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { defineTool } from "@/lib/runtime/define-tool";
import { compareScans as compare } from "../compare-scans";
import { FindingView, toFindingView } from "../finding-view";
import { getScanRow } from "../queries";

export const compareScans = defineTool({
  name: "sitelint_compare_scans",
  title: "Compare scans",
  description: "Diff a finished scan with an earlier scan of the same site (default: its baseline_scan_id) by fingerprint + viewport: new / fixed / unchanged counts, new and fixed findings.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z
    .object({
      scan_id: z.string().min(1).max(100),
      baseline_scan_id: z.string().min(1).max(100).optional(),
      allow_mismatch: z.boolean().optional().describe("Allow another profile or viewport_set"),
      limit: z.number().int().min(0).max(100).default(20),
    })
    .strict(),
  output: z.object({
    scan_id: z.string(),
    baseline_scan_id: z.string(),
    counts: z.object({ new: z.number().int(), fixed: z.number().int(), unchanged: z.number().int() }),
    new: z.array(FindingView),
    fixed: z.array(FindingView).describe("The baseline's findings that are gone"),
    truncated: z.boolean().describe("More new or fixed findings than listed"),
    console_url: z.string(),
  }),
  handler: async (input, { db }) => {
    const scan = await getScanRow(db, input.scan_id);
    if (!scan) throw new AppError("NOT_FOUND", `No scan ${input.scan_id}.`, { field: "scan_id" });
    const baselineId = input.baseline_scan_id ?? scan.baselineScanId;
    if (!baselineId) {
      throw new AppError("VALIDATION_ERROR", `Scan ${scan.id} has no baseline: pass baseline_scan_id (an earlier scan of ${scan.origin}), or start scans with baseline_scan_id.`, { field: "baseline_scan_id" });
    }
    // A scan started with compare_mismatched keeps that choice for its stored baseline.
    const allowMismatch = input.allow_mismatch ?? (baselineId === scan.baselineScanId && scan.options.compare_mismatched === true);
    const diff = await compare(db, { baseScanId: baselineId, headScanId: scan.id, allowMismatch, limit: input.limit, unchangedLimit: 0 });
    return {
      scan_id: scan.id,
      baseline_scan_id: diff.base.id,
      counts: diff.counts,
      new: diff.new.map(toFindingView),
      fixed: diff.fixed.map(toFindingView),
      truncated: diff.truncated.new || diff.truncated.fixed,
      console_url: `${getEnv().baseUrl}/jobs/${encodeURIComponent(scan.jobId)}?view=rule#findings`,
    };
  },
});
