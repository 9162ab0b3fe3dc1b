import { z } from "zod";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { toJobRef } from "@/lib/jobs/job-ref";
import { defineTool } from "@/lib/runtime/define-tool";
import { assembleOutput } from "../checksums/assemble-output";
import { ChecksumsRequested, CHECKSUMS_JOB } from "../checksums/checksums-requested";
import { planVerification } from "../checksums/plan-verification";
import { runPlannedDownloads } from "../checksums/run-planned-downloads";
import { VerifyChecksumsOutput } from "../checksums/schemas";
import { shouldRunAsJob } from "../checksums/should-run-as-job";
import { RepoInput, TagInput } from "../shared-schemas";

export const verifyChecksums = defineTool({
  name: "releasebutler_verify_checksums",
  title: "Verify a release's checksums",
  description:
    "Check every asset of a release against its published checksum files, found automatically (SHA256SUMS, SHA512SUMS, *checksums*.txt, <asset>.sha256/.sha512; GNU and BSD line formats) or named with checksum_asset. Uses GitHub's asset digest when present, else streams the asset through the hash (HTML error pages and length mismatches refused). Per asset: verified / mismatch / missing_checksum / orphan_checksum / download_failed, with expected and actual hex. Over 256 MiB or 20 downloads it runs as a job (poll core_get_job); mode forces inline or job.",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: z
    .object({
      repo: RepoInput,
      tag: TagInput,
      checksum_asset: z.string().min(1).max(255).optional().describe("Name of the checksum file to use (only that one); default: every checksum file found, combined"),
      verify_digests: z.boolean().default(false).describe("Download and hash even assets GitHub reports a digest for, and check that digest too"),
      mode: z.enum(["auto", "inline", "job"]).default("auto").describe("auto: a job when the downloads exceed 256 MiB or 20 assets; inline: answer now; job: always a job"),
    })
    .strict(),
  output: VerifyChecksumsOutput,
  handler: async (input, { db, github, principal, requestId }) => {
    const req = { repo: input.repo, tag: input.tag, checksumAsset: input.checksum_asset, verifyDigests: input.verify_digests };
    const plan = await planVerification(github, req);
    if (input.mode === "job" || (input.mode === "auto" && shouldRunAsJob(plan))) {
      const data = ChecksumsRequested.omit({ job_id: true }).parse({ repo: plan.repo, tag: input.tag, checksum_asset: input.checksum_asset, verify_digests: input.verify_digests });
      const job = await enqueueJob(db, { module: "releasebutler", functionId: CHECKSUMS_JOB.functionId, event: CHECKSUMS_JOB.event, data, subject: { kind: "release", id: String(plan.release_id) }, principal, requestId });
      return assembleOutput(plan, { downloaded: [], job: toJobRef(job) });
    }
    return assembleOutput(plan, { downloaded: await runPlannedDownloads(github, plan), job: null });
  },
});
