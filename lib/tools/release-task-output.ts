import "server-only";
import { eq } from "drizzle-orm";
import { releaseRuns, type jobs } from "@/drizzle/schema";
import { canonicalHash } from "@/lib/crypto/hash";
import type { Db } from "@/lib/db/client";
import { toJobRef } from "@/lib/jobs/job-ref";
import { approvedPayloadHash } from "@/lib/modules/releasebutler/release/approved-payload-hash";
import type { PlannedRequest } from "@/lib/modules/releasebutler/release/plan-release";
import { ReleaseRunResult } from "@/lib/modules/releasebutler/release/release-run-result";
import type { StoredInput } from "@/lib/modules/releasebutler/release/run-create-release";

/**
 * The requests a release run planned, rebuilt from its stored input — the same list `planRelease` made (find by tag,
 * create as draft, one upload per asset, publish unless a draft was asked for). The caller proves it identical: its
 * canonical hash must equal the payload hash the human approved.
 */
function plannedRequestsOf(input: StoredInput): PlannedRequest[] {
  const base = `/repos/${input.repo}`;
  return [
    { method: "GET", path: `${base}/releases`, payload: { find_tag: input.release.tag_name } },
    { method: "POST", path: `${base}/releases`, payload: input.release },
    ...input.assets.map((a) => ({ method: "POST", path: `{upload_url}?name=${encodeURIComponent(a.name)}${a.label ? `&label=${encodeURIComponent(a.label)}` : ""}`, payload: { content_type: a.content_type, size: a.size, sha256: a.sha256, replace: a.replace } })),
    ...(input.draft ? [] : [{ method: "PATCH", path: `${base}/releases/{release_id}`, payload: { draft: false } }]),
  ];
}

/**
 * What a confirmed `releasebutler_create_release` call returns once its job has succeeded (the handler's answer when
 * the job finishes within `wait_seconds`), rebuilt from the run (`release_runs`), the job's result and the approved
 * confirmation: status, release, uploaded and failed assets, the plan and its payload hash, the receipt id.
 * @throws Error when the run is missing or the rebuilt plan does not hash to the approved payload hash (a bug: the
 *   caller then falls back to a plain JobRef result rather than send a wrong plan).
 */
export async function releaseTaskOutput(db: Db, row: typeof jobs.$inferSelect): Promise<Record<string, unknown>> {
  const [run] = await db.select().from(releaseRuns).where(eq(releaseRuns.jobId, row.id)).limit(1);
  if (!run) throw new Error(`No release run for job ${row.id}`);
  const input = run.input as unknown as StoredInput;
  const done = ReleaseRunResult.parse(row.result);
  const payloadHash = await approvedPayloadHash(db, run.receiptId);
  const planned = plannedRequestsOf(input);
  if (!payloadHash || canonicalHash(planned) !== payloadHash) throw new Error(`The rebuilt plan of release run ${run.id} does not match its approved payload hash`);
  return {
    status: done.status, dry_run: false, repo: input.repo, tag_name: run.tagName, run_id: run.id, job: toJobRef(row),
    release_id: done.release_id, release_url: done.release_url, payload_hash: payloadHash, planned_requests: planned, notes: run.body,
    uploaded_assets: done.uploaded_assets, failed_assets: done.failed_assets, error: null, receipt_id: run.receiptId,
  };
}
