import "server-only";
import { eq } from "drizzle-orm";
import { scans, sitelintAuthProfiles } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import type { ScanOptions } from "./scan-options";
import type { ScanProfile, ViewportSet } from "./types";

export type CreateScanInput = {
  url: string;
  profile: ScanProfile;
  viewportSet: ViewportSet;
  crawlBudget: number;
  entryPaths: string[];
  /** Earlier scan of the same origin to compare with (new / fixed / unchanged findings). */
  baselineScanId?: string;
  /** Stored auth profile for the scan's origin (`sitelint_auth_profiles.id`). */
  authProfileId?: string;
  options?: ScanOptions;
};

/**
 * Check a baseline scan and an auth profile before anything is stored.
 * @throws AppError `NOT_FOUND` for an unknown baseline scan or auth profile; `VALIDATION_ERROR` when the baseline
 *   scanned another origin, or another profile / viewport set without `options.compare_mismatched`, or when the auth
 *   profile belongs to another origin (a profile's cookies and headers are only ever sent to its own origin).
 */
async function checkReferences(db: Db, input: CreateScanInput, origin: string): Promise<void> {
  if (input.baselineScanId) {
    const [b] = await db.select({ origin: scans.origin, profile: scans.profile, viewportSet: scans.viewportSet }).from(scans).where(eq(scans.id, input.baselineScanId)).limit(1);
    if (!b) throw new AppError("NOT_FOUND", `No scan ${input.baselineScanId} to use as baseline; list scans with sitelint_get_scan or the console.`);
    if (b.origin !== origin) throw new AppError("VALIDATION_ERROR", `Baseline scan ${input.baselineScanId} audited ${b.origin}, not ${origin}: a baseline must be a scan of the same origin.`);
    if (!input.options?.compare_mismatched && (b.profile !== input.profile || b.viewportSet !== input.viewportSet)) {
      throw new AppError(
        "VALIDATION_ERROR",
        `Baseline scan ${input.baselineScanId} used profile ${b.profile} / viewport_set ${b.viewportSet}, this scan ${input.profile} / ${input.viewportSet}: findings would differ for that reason alone. Use the same settings, or pass compare_mismatched: true.`,
      );
    }
  }
  if (input.authProfileId) {
    const [p] = await db.select({ origin: sitelintAuthProfiles.origin, name: sitelintAuthProfiles.name }).from(sitelintAuthProfiles).where(eq(sitelintAuthProfiles.id, input.authProfileId)).limit(1);
    if (!p) throw new AppError("NOT_FOUND", `No auth profile ${input.authProfileId}; sitelint_list_auth_profiles lists them (operators add them in the console).`);
    if (p.origin !== origin) throw new AppError("VALIDATION_ERROR", `Auth profile "${p.name}" is for ${p.origin}, not ${origin}: a profile is only ever used on its own origin.`);
  }
}

/**
 * Record a scan and start its crawl as a durable job (`sitelint/run-scan`). The URL must already have passed the
 * URL policy (the runtime's policy step does that).
 * @returns the scan id and the new job row.
 * @throws AppError from the baseline / auth profile checks (nothing is stored then).
 */
export async function createScan(db: Db, input: CreateScanInput, who: { principal: string; requestId: string }) {
  const url = new URL(input.url);
  url.hash = "";
  await checkReferences(db, input, url.origin);
  const scanId = newId("scan");
  const jobId = newId("job");
  await db.insert(scans).values({
    id: scanId,
    jobId,
    url: url.toString(),
    origin: url.origin,
    profile: input.profile,
    viewportSet: input.viewportSet,
    crawlBudget: input.crawlBudget,
    entryPaths: input.entryPaths,
    baselineScanId: input.baselineScanId ?? null,
    authProfileId: input.authProfileId ?? null,
    options: input.options ?? {},
    principal: who.principal,
  });
  const job = await enqueueJob(db, {
    jobId,
    module: "sitelint",
    functionId: "sitelint/run-scan",
    event: "sitelint/scan.requested",
    data: { scan_id: scanId },
    subject: { kind: "scan", id: scanId },
    ...who,
  });
  return { scanId, job };
}
