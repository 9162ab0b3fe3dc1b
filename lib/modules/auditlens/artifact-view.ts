import { z } from "zod";
import type { Endpoints } from "@octokit/types";
import { cleanText } from "./github-text";

type Artifact = Endpoints["GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}"]["response"]["data"];

export const ArtifactView = z.object({
  artifact_id: z.number().int(),
  name: z.string(),
  size_in_bytes: z.number().int().describe("Size of the zip, bytes"),
  expired: z.boolean(),
  digest: z.string().nullable().describe("sha256:<hex> of the zip when GitHub reports it"),
  created_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  run_id: z.number().int().nullable(),
  head_sha: z.string().nullable(),
  head_branch: z.string().nullable(),
});
export type ArtifactView = z.infer<typeof ArtifactView>;

/** Map a GitHub artifact object to {@link ArtifactView}. */
export function toArtifactView(a: Artifact): ArtifactView {
  const digest = (a as { digest?: string | null }).digest;
  return {
    artifact_id: a.id,
    name: cleanText(a.name, 256) ?? "",
    size_in_bytes: a.size_in_bytes,
    expired: a.expired,
    digest: typeof digest === "string" && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : null,
    created_at: a.created_at ?? null,
    expires_at: a.expires_at ?? null,
    run_id: a.workflow_run?.id ?? null,
    head_sha: a.workflow_run?.head_sha ?? null,
    head_branch: cleanText(a.workflow_run?.head_branch ?? null, 250),
  };
}
