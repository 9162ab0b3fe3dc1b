import "server-only";
import type { findings, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { countScanDiff, getScanRow, listScanDiffRows, type ScanDiffSide } from "./queries";

type ScanRow = typeof scans.$inferSelect;
type FindingRow = typeof findings.$inferSelect;

/** Scan statuses after which a scan's findings no longer change. */
export const FINAL_SCAN_STATUSES = ["succeeded", "failed", "cancelled"] as const;

/** Rows returned per side unless `limit` says otherwise. */
const DEFAULT_LIMIT = 1000;

export type ScanComparison = {
  /** In head, not in base (head's rows). */
  new: FindingRow[];
  /** In base, not in head (base's rows). */
  fixed: FindingRow[];
  /** In both (head's rows). */
  unchanged: FindingRow[];
  /** Exact sizes of the three sides, whatever `limit` cut from the lists. */
  counts: Record<ScanDiffSide, number>;
  /** True where a list holds fewer rows than its count. */
  truncated: Record<ScanDiffSide, boolean>;
  base: ScanRow;
  head: ScanRow;
};

/** True when a scan's status is final (its findings are complete and will not change). */
export function isFinalScan(scan: Pick<ScanRow, "status">): boolean {
  return (FINAL_SCAN_STATUSES as readonly string[]).includes(scan.status);
}

/**
 * Diff two scans' findings by identity — `findings.fingerprint` (rule + URL path and query + selector, host-independent)
 * plus the viewport — into new (in head only), fixed (in base only) and unchanged (in both).
 *
 * Refusals, checked in this order:
 * - `NOT_FOUND` when either scan id is unknown;
 * - `VALIDATION_ERROR` when both ids are the same scan, when the scans audited different origins (a baseline is an
 *   earlier scan of the same site), or — unless `allowMismatch` — when their profile or viewport set differ (findings
 *   would differ for that reason alone: a `deep` scan reports rules a `quick` one never runs; with a mismatched viewport
 *   set the findings of a viewport only one side audited all count as new or fixed);
 * - `CONFLICT` when either scan is not final (`queued` / `running`): its findings are still being written, so a diff
 *   would be wrong and not repeatable. Final means succeeded, failed (its stored pages and findings stay) or cancelled.
 *
 * @param o.limit rows per list (default 1000); `o.unchangedLimit` for the unchanged list (default `limit`); `counts`
 *   are always exact.
 * @returns the three lists (most severe first), their exact counts, and both scan rows.
 */
export async function compareScans(db: Db, o: { baseScanId: string; headScanId: string; allowMismatch?: boolean; limit?: number; unchangedLimit?: number }): Promise<ScanComparison> {
  const [base, head] = await Promise.all([getScanRow(db, o.baseScanId), getScanRow(db, o.headScanId)]);
  if (!head) throw new AppError("NOT_FOUND", `No scan ${o.headScanId}; start one with sitelint_start_scan.`, { field: "scan_id" });
  if (!base) throw new AppError("NOT_FOUND", `No baseline scan ${o.baseScanId}; pass the id of an earlier scan of ${head.origin}.`, { field: "baseline_scan_id" });
  if (base.id === head.id) throw new AppError("VALIDATION_ERROR", `Scan ${head.id} cannot be its own baseline: pass an earlier scan of ${head.origin}.`, { field: "baseline_scan_id" });
  if (base.origin !== head.origin) {
    throw new AppError("VALIDATION_ERROR", `Scan ${head.id} audited ${head.origin} but baseline ${base.id} audited ${base.origin}: compare scans of the same origin.`, { field: "baseline_scan_id" });
  }
  if (!o.allowMismatch && (base.profile !== head.profile || base.viewportSet !== head.viewportSet)) {
    throw new AppError(
      "VALIDATION_ERROR",
      `Baseline ${base.id} used profile ${base.profile} / viewport_set ${base.viewportSet}, scan ${head.id} ${head.profile} / ${head.viewportSet}: findings would differ for that reason alone. Compare scans with the same settings, or pass allow_mismatch: true.`,
      { field: "baseline_scan_id" },
    );
  }
  for (const s of [head, base]) {
    if (!isFinalScan(s)) throw new AppError("CONFLICT", `Scan ${s.id} is still ${s.status}; wait until it has finished (core_get_job on job ${s.jobId}) and compare again.`, { scan_id: s.id, status: s.status });
  }
  const limit = Math.max(0, Math.floor(o.limit ?? DEFAULT_LIMIT));
  const ids = { baseScanId: base.id, headScanId: head.id };
  const [counts, added, fixed, unchanged] = await Promise.all([
    countScanDiff(db, ids),
    listScanDiffRows(db, { ...ids, side: "new", limit }),
    listScanDiffRows(db, { ...ids, side: "fixed", limit }),
    listScanDiffRows(db, { ...ids, side: "unchanged", limit: Math.max(0, Math.floor(o.unchangedLimit ?? limit)) }),
  ]);
  return {
    new: added,
    fixed,
    unchanged,
    counts,
    truncated: { new: added.length < counts.new, fixed: fixed.length < counts.fixed, unchanged: unchanged.length < counts.unchanged },
    base,
    head,
  };
}
