import "server-only";
import { releaseRunAssets, releaseRuns } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { ReleasePlan } from "./plan-release";
import type { CreateReleaseInput } from "./release-input";
import type { StoredInput } from "./run-create-release";

/**
 * Record a confirmed release before its job starts: the `release_runs` row (the confirmed input, the planned release
 * body and assets, the receipt the job will finalise) and one pending `release_run_assets` row per asset.
 * @param repo `owner/name` as GitHub spells it (stored lower-cased).
 */
export async function recordReleaseRun(db: Db, o: { runId: string; jobId: string; receiptId: string; repo: string; input: CreateReleaseInput; plan: ReleasePlan; notes: string | null; principal: string; requestId: string | null }): Promise<void> {
  const stored: StoredInput = { tool_input: o.input, repo: o.repo, draft: o.input.draft, make_latest: o.input.make_latest, release: o.plan.release as StoredInput["release"], assets: o.plan.assets };
  await db.insert(releaseRuns).values({ id: o.runId, jobId: o.jobId, receiptId: o.receiptId, repo: o.repo.toLowerCase(), tagName: o.input.tag_name, input: stored, body: o.notes, principal: o.principal, requestId: o.requestId });
  if (o.plan.assets.length) await db.insert(releaseRunAssets).values(o.plan.assets.map((a) => ({ runId: o.runId, position: a.position, name: a.name, size: a.size, sha256: a.sha256 })));
}
