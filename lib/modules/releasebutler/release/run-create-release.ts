import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { releaseRunAssets, releaseRuns } from "@/drizzle/schema";
import { canonicalHash } from "@/lib/crypto/hash";
import { getDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createGitHubAccess } from "@/lib/github/github-access";
import type { JobError, StepTools } from "@/lib/jobs/types";
import { updateJobProgress } from "@/lib/jobs/update-job";
import { finalizeReceiptLater } from "@/lib/runtime/receipts/store-receipt-result";
import { findOrCreateRelease } from "./find-or-create-release";
import type { PlannedAsset } from "./plan-release";
import { publishRelease } from "./publish-release";
import { releaseRunResult } from "./release-run-result";
import { resolveReleaseAsset } from "./resolve-release-asset";
import { hashFile } from "./hash-file";
import type { AssetOutcome } from "./release-input";
import { uploadReleaseAsset } from "./upload-release-asset";

/** The stored run's `input` as the job reads it: the confirmed tool input plus the planned assets and release body. */
export type StoredInput = { tool_input: Record<string, unknown>; repo: string; draft: boolean; make_latest?: string; release: Record<string, unknown> & { tag_name: string }; assets: PlannedAsset[] };

/**
 * Carry out one confirmed `releasebutler_create_release` (the `releasebutler/create-release` job), one durable step per
 * stage, each replayed (not redone) on resume or retry:
 * 1. `release` — find the release by tag or create it as a draft ({@link findOrCreateRelease}: never a duplicate);
 * 2. `asset:<n>` per asset — re-resolve the file inside the asset root (a swapped symlink is refused), re-hash it
 *    (a file changed since the confirmation fails that asset), then {@link uploadReleaseAsset};
 * 3. `publish` — draft → published, only when every asset is on the release and no draft was asked for;
 * 4. `receipt` — the run's final status and the receipt's immutable result (release URL, uploaded and failed assets).
 * @returns the run result (`releaseRunResult`). @throws AppError from GitHub (the backend retries; see `failReleaseRun`).
 */
export async function runCreateRelease({ runId, jobId, step }: { runId: string; jobId: string; step: StepTools }) {
  const db = await getDb();
  const [run] = await db.select().from(releaseRuns).where(eq(releaseRuns.id, runId)).limit(1);
  if (!run) throw new AppError("NOT_FOUND", `No release run ${runId}`);
  const input = run.input as unknown as StoredInput;
  const env = getEnv();
  const github = createGitHubAccess({ db, env });
  const total = input.assets.length + 2;

  const release = await step.run("release", async () => {
    await db.update(releaseRuns).set({ status: "running" }).where(eq(releaseRuns.id, runId));
    const ref = await findOrCreateRelease(await github.forRepo(input.repo), input.release);
    await db.update(releaseRuns).set({ releaseId: ref.release_id, releaseUrl: ref.html_url }).where(eq(releaseRuns.id, runId));
    await updateJobProgress(db, jobId, { done: 1, total, message: `${ref.created ? "created" : "found"} release ${ref.tag_name}` });
    return ref;
  });

  const outcomes: AssetOutcome[] = [];
  for (const a of input.assets) {
    outcomes.push(
      await step.run(`asset:${a.position}`, async () => {
        const where = and(eq(releaseRunAssets.runId, runId), eq(releaseRunAssets.position, a.position));
        await db.update(releaseRunAssets).set({ startedAt: new Date() }).where(where);
        const out = await uploadOne(github, input.repo, release, a, env);
        await db.update(releaseRunAssets).set({ outcome: out.outcome, error: out.error, assetId: out.asset_id, attempts: out.attempts, finishedAt: new Date() }).where(where);
        await updateJobProgress(db, jobId, { done: 2 + a.position, total, message: `${a.name}: ${out.outcome}` });
        const { attempts: _a, ...outcome } = out;
        return outcome;
      }),
    );
  }

  const failed = outcomes.filter((o) => o.outcome === "failed");
  const published = await step.run("publish", async () => {
    if (input.draft || failed.length) return null;
    return publishRelease(await github.forRepo(input.repo), release.release_id, { makeLatest: input.make_latest });
  });
  const status = failed.length ? "partial" : "succeeded";
  const releaseUrl = published?.html_url ?? release.html_url;

  return step.run("receipt", async () => {
    const result = releaseRunResult({ run, status, release, releaseUrl, published: !!published, outcomes });
    // A run whose job was cancelled meanwhile stays failed with JOB_CANCELLED, like its receipt (cancelJob → failReleaseRun).
    await db.update(releaseRuns).set({ status, releaseUrl, finishedAt: new Date() }).where(and(eq(releaseRuns.id, runId), inArray(releaseRuns.status, ["queued", "running"])));
    await finalizeReceiptLater({ receiptId: run.receiptId, operation: "releasebutler_create_release", actor: run.principal, inputsHash: canonicalHash((run.input as StoredInput).tool_input), requestId: run.requestId, output: result });
    await updateJobProgress(db, jobId, { done: total, total, message: failed.length ? `${failed.length} asset(s) failed; the release stays a draft` : published ? "published" : "done" });
    return result;
  });
}

async function uploadOne(github: ReturnType<typeof createGitHubAccess>, repo: string, release: { release_id: number; upload_url: string }, a: PlannedAsset, env: ReturnType<typeof getEnv>) {
  const base = { name: a.name, size: a.size, sha256: a.sha256, asset_id: null, attempts: 0 };
  let absPath: string;
  try {
    absPath = (await resolveReleaseAsset(env.releaseAssetRoot, a.path, env.RELEASE_ASSET_MAX_BYTES)).absPath;
    const now = await hashFile(absPath);
    if (now.sha256 !== a.sha256) return { ...base, outcome: "failed" as const, error: `The file changed since the release was confirmed (sha256 ${now.sha256}, confirmed ${a.sha256}); nothing was uploaded.` };
  } catch (e) {
    return { ...base, outcome: "failed" as const, error: e instanceof AppError ? e.message : "The file could not be read." };
  }
  return uploadReleaseAsset(await github.forRepo(repo), github.net, { releaseId: release.release_id, uploadUrl: release.upload_url, absPath, asset: a });
}

/** Record a run that failed for good (after the last retry): the run `failed` with the error, the receipt too. */
export async function failReleaseRun(db: Db, runId: string, error: JobError): Promise<void> {
  const [run] = await db.update(releaseRuns).set({ status: "failed", error, finishedAt: new Date() }).where(and(eq(releaseRuns.id, runId), inArray(releaseRuns.status, ["queued", "running"]))).returning();
  if (run) await finalizeReceiptLater({ receiptId: run.receiptId, operation: "releasebutler_create_release", actor: run.principal, inputsHash: canonicalHash((run.input as StoredInput).tool_input), requestId: run.requestId, error });
}
