import { z } from "zod";
import { AssetOutcome } from "./release-input";
import type { ReleaseRef } from "./find-or-create-release";

/** The outcome of a release run: what the receipt records and the job returns. */
export const ReleaseRunResult = z.object({
  run_id: z.string(),
  repo: z.string(),
  tag_name: z.string(),
  status: z.enum(["succeeded", "partial"]).describe("partial: some assets failed, the release was left a draft"),
  release_id: z.number().int(),
  release_url: z.string(),
  created: z.boolean().describe("false when a release with this tag already existed (a re-run)"),
  published: z.boolean(),
  uploaded_assets: z.array(AssetOutcome).describe("assets now on the release: uploaded, replaced, or skipped as identical"),
  failed_assets: z.array(AssetOutcome),
});
export type ReleaseRunResult = z.infer<typeof ReleaseRunResult>;

/** Assemble {@link ReleaseRunResult} from the run's steps. */
export function releaseRunResult(o: { run: { id: string; repo: string; tagName: string }; status: "succeeded" | "partial"; release: ReleaseRef; releaseUrl: string; published: boolean; outcomes: AssetOutcome[] }): ReleaseRunResult {
  return {
    run_id: o.run.id, repo: o.run.repo, tag_name: o.run.tagName, status: o.status, release_id: o.release.release_id, release_url: o.releaseUrl,
    created: o.release.created, published: o.published,
    uploaded_assets: o.outcomes.filter((x) => x.outcome !== "failed"), failed_assets: o.outcomes.filter((x) => x.outcome === "failed"),
  };
}
