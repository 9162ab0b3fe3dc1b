import { JOB_THRESHOLD_ASSETS, JOB_THRESHOLD_BYTES } from "./limits";
import type { VerificationPlan } from "./plan-types";

/**
 * Whether `mode: "auto"` hands a verification to a durable job: more than {@link JOB_THRESHOLD_BYTES} (256 MiB) or
 * {@link JOB_THRESHOLD_ASSETS} (20) assets still to download. Digest-verified assets count for nothing. Pure.
 */
export function shouldRunAsJob(plan: Pick<VerificationPlan, "downloads">): boolean {
  const bytes = plan.downloads.reduce((n, d) => n + d.asset.size, 0);
  return bytes > JOB_THRESHOLD_BYTES || plan.downloads.length > JOB_THRESHOLD_ASSETS;
}
