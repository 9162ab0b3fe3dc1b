import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createGitHubAccess } from "@/lib/github/github-access";
import type { StepTools } from "@/lib/jobs/types";
import { updateJobProgress } from "@/lib/jobs/update-job";
import { assembleOutput } from "./assemble-output";
import { checkPlannedDownload } from "./check-planned-download";
import type { ChecksumsRequested } from "./checksums-requested";
import { DOWNLOAD_CONCURRENCY } from "./limits";
import { mapInPool } from "./map-in-pool";
import type { IndexedResult } from "./plan-types";
import { planVerification } from "./plan-verification";
import type { VerifyChecksumsOutput } from "./schemas";

/**
 * The `releasebutler/verify-checksums` job: step `plan` reads the release and its checksum files (digest-verified
 * assets are decided there), then one step `asset:<asset_id>` per download, {@link DOWNLOAD_CONCURRENCY} at a time.
 * Every step is memoized, so a resumed job replays finished assets instead of downloading them again. Progress is
 * written inside each step (`done` of `total` downloads, message = the asset name), so a replay writes none. GitHub
 * access is resolved here (`createGitHubAccess`): a tool call's `ctx.github` does not reach a job.
 * @returns the tool's answer, completed (stored as `jobs.result`). @throws AppError from planning (the job fails).
 */
export async function runChecksumsJob({ data, step }: { data: ChecksumsRequested; step: StepTools }): Promise<VerifyChecksumsOutput> {
  const db = await getDb();
  const github = createGitHubAccess({ db, env: getEnv() });
  const req = { repo: data.repo, tag: data.tag, checksumAsset: data.checksum_asset, verifyDigests: data.verify_digests };
  const plan = await step.run("plan", async () => {
    const p = await planVerification(github, req);
    await updateJobProgress(db, data.job_id, { done: 0, total: p.downloads.length, message: `${p.downloads.length} asset(s) to download` });
    return p;
  });
  let done = 0;
  const downloaded = await mapInPool(plan.downloads, DOWNLOAD_CONCURRENCY, async (item): Promise<IndexedResult> => {
    let ran = false;
    const r = await step.run(`asset:${item.asset.id}`, async () => {
      ran = true;
      const result = await checkPlannedDownload({ client: await github.forRepo(plan.repo), net: github.net, item });
      await updateJobProgress(db, data.job_id, { done: ++done, total: plan.downloads.length, message: item.assetName });
      return result;
    });
    if (!ran) done++;
    return r;
  });
  return assembleOutput(plan, { downloaded, job: null });
}
