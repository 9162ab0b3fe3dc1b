import { z } from "zod";
import { RepoInput, TagInput } from "../shared-schemas";

/** The durable job that verifies a large release (`inngest/functions/releasebutler-verify-checksums.ts`). */
export const CHECKSUMS_JOB = { functionId: "releasebutler/verify-checksums", event: "releasebutler/checksums.requested" } as const;

/**
 * Data of `releasebutler/checksums.requested`: the `jobs` row and what to verify — ids and strings only, never a
 * credential (the job resolves GitHub access itself).
 */
export const ChecksumsRequested = z.object({
  job_id: z.string().min(1),
  repo: RepoInput,
  tag: TagInput,
  checksum_asset: z.string().min(1).max(255).optional(),
  verify_digests: z.boolean().optional(),
});
export type ChecksumsRequested = z.infer<typeof ChecksumsRequested>;
