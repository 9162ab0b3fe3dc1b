import { z } from "zod";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { toJobRef } from "@/lib/jobs/job-ref";
import { JobRef } from "@/lib/jobs/types";
import { defineTool, type ToolContext } from "@/lib/runtime/define-tool";
import { approvedPayloadHash } from "../release/approved-payload-hash";
import { createReleaseSummary } from "../release/create-release-summary";
import { planRelease } from "../release/plan-release";
import { AssetOutcome, CreateReleaseInput } from "../release/release-input";
import { ReleaseRunResult } from "../release/release-run-result";
import { resolveReleaseNotes } from "../release/resolve-release-notes";
import { recordReleaseRun } from "../release/record-release-run";
import { waitForJob } from "../release/wait-for-job";

const Output = z.object({
  status: z.enum(["planned", "queued", "running", "succeeded", "partial", "failed"]).describe("planned: a dry run; partial: some assets failed and the release stays a draft"),
  dry_run: z.boolean(),
  repo: z.string(),
  tag_name: z.string(),
  run_id: z.string().nullable(),
  job: JobRef.nullable().describe("The durable release job (poll core_get_job while status is queued or running)"),
  release_id: z.number().int().nullable(),
  release_url: z.string().nullable(),
  payload_hash: z.string().describe("SHA-256 of the planned requests (RFC 8785 canonical JSON)"),
  planned_requests: z.array(z.object({ method: z.string(), path: z.string(), payload: z.record(z.string(), z.unknown()).nullable() })),
  notes: z.string().nullable().describe("The release notes the release carries"),
  uploaded_assets: z.array(AssetOutcome),
  failed_assets: z.array(AssetOutcome),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
type Output = z.infer<typeof Output>;

async function prepare(input: CreateReleaseInput, ctx: ToolContext) {
  const client = await ctx.github.forRepo(input.repo);
  const env = getEnv();
  const notes = await resolveReleaseNotes(client, input);
  const plan = await planRelease(input, { owner: client.owner, repo: client.repo, root: env.releaseAssetRoot, maxBytes: env.RELEASE_ASSET_MAX_BYTES, body: notes });
  return { client, notes, plan };
}

export const createRelease = defineTool({
  name: "releasebutler_create_release",
  title: "Create a GitHub release with assets",
  description:
    "Cut a release — a write that needs confirmation: the first call returns confirmation_required (an operator approves it in the console, which shows the notes and every asset with its size and sha256); call again with the same arguments plus confirmation_token. Assets are local files under the release asset root (RELEASE_ASSET_ROOT); paths leading outside it (.., symlinks) are refused before any confirmation; if a file or the generated notes change after approval (the payload hash differs), the confirmed call is refused with CONFLICT. dry_run: true returns the exact planned requests and their payload hash and writes nothing (no confirmation). A confirmed call runs as a durable job: find-or-create the release by tag as a draft (never a duplicate after a retry), upload each asset (skipped when an identical one is there; a different one is replaced only with replace: true; interrupted uploads are cleaned up and retried), then publish — only when every asset made it. The call waits up to wait_seconds for the job; the receipt records the release URL and the uploaded and failed assets. Needs contents:write; the repo must be on GITHUB_WRITE_ALLOWLIST.",
  risk: "write",
  openWorld: true,
  idempotent: false,
  rateLimit: { bucket: "github_writes" },
  input: CreateReleaseInput,
  output: Output,
  targets: (i) => ({ repos: [i.repo] }),
  needsConfirmation: (i) => !i.dry_run,
  summarize: async (input, ctx) => {
    const { notes, plan } = await prepare(input, ctx);
    return createReleaseSummary(input, plan, notes);
  },
  handler: async (input, ctx): Promise<Output> => {
    const { client, notes, plan } = await prepare(input, ctx);
    const repo = `${client.owner}/${client.repo}`;
    const base = { repo, tag_name: input.tag_name, payload_hash: plan.payload_hash, planned_requests: plan.requests, notes, uploaded_assets: [], failed_assets: [], error: null };
    if (input.dry_run) return { ...base, status: "planned", dry_run: true, run_id: null, job: null, release_id: null, release_url: null };
    if (!ctx.receipt) throw new AppError("INTERNAL", "A release is created only through a confirmed call.");
    // The arguments are bound to the token; the bytes and generated notes they point at are bound here.
    const approved = await approvedPayloadHash(ctx.db, ctx.receipt.id);
    if (approved !== plan.payload_hash) {
      throw new AppError("CONFLICT", "The release differs from the one approved: an asset file or the generated notes changed since the confirmation was issued. Nothing was written; call again without confirmation_token to have the new release approved.", { approved_payload_hash: approved, payload_hash: plan.payload_hash });
    }
    const runId = newId("rel");
    const jobId = newId("job");
    await recordReleaseRun(ctx.db, { runId, jobId, receiptId: ctx.receipt.id, repo, input, plan, notes, principal: ctx.principal, requestId: ctx.requestId });
    const job = await enqueueJob(ctx.db, { jobId, module: "releasebutler", functionId: "releasebutler/create-release", event: "releasebutler/release.requested", data: { run_id: runId }, subject: { kind: "release_run", id: runId }, principal: ctx.principal, requestId: ctx.requestId });
    ctx.receipt.finalizeLater();
    const row = (await waitForJob(ctx.db, jobId, input.wait_seconds * 1000)) ?? job;
    const ref = toJobRef(row);
    const common = { ...base, dry_run: false, run_id: runId, job: ref };
    const done = row.status === "succeeded" ? ReleaseRunResult.safeParse(row.result) : null;
    if (done?.success) return { ...common, status: done.data.status, release_id: done.data.release_id, release_url: done.data.release_url, uploaded_assets: done.data.uploaded_assets, failed_assets: done.data.failed_assets };
    if (row.status === "failed" || row.status === "cancelled") return { ...common, status: "failed", release_id: null, release_url: null, error: row.error ?? { code: "JOB_FAILED", message: "The release job failed." } };
    return { ...common, status: row.status === "queued" ? "queued" : "running", release_id: null, release_url: null };
  },
});
