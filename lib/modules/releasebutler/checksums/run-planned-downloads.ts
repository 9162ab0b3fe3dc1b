import "server-only";
import type { GitHubAccess } from "@/lib/github/github-access";
import { checkPlannedDownload } from "./check-planned-download";
import { DOWNLOAD_CONCURRENCY } from "./limits";
import { mapInPool } from "./map-in-pool";
import type { IndexedResult, VerificationPlan } from "./plan-types";

/**
 * Make a plan's downloads in this process, {@link DOWNLOAD_CONCURRENCY} at a time; one asset's failure is its own
 * `download_failed` and never stops the others. @returns one result per planned download, in plan order.
 * @throws AppError only from `github.forRepo` (credentials).
 */
export async function runPlannedDownloads(github: GitHubAccess, plan: VerificationPlan): Promise<IndexedResult[]> {
  if (!plan.downloads.length) return [];
  const client = await github.forRepo(plan.repo);
  return mapInPool(plan.downloads, DOWNLOAD_CONCURRENCY, (item) => checkPlannedDownload({ client, net: github.net, item }));
}
