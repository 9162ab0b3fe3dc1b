import { z } from "zod";
import { defineTool } from "@/lib/runtime/define-tool";
import { findRelease } from "../find-release";
import { listReleaseAssets } from "../list-release-assets";
import { ReleaseView, toAssetView, toReleaseView } from "../release-view";
import { oneReleaseSelector, ReleaseSelector, RepoInput, selectorOf } from "../shared-schemas";

export const getRelease = defineTool({
  name: "releasebutler_get_release",
  title: "Get a GitHub release",
  description:
    "One release of a repository, by tag or the latest published one: name, draft/prerelease flags, target, author, dates, the release notes (bounded; untrusted text) and a summary of its assets (count, total bytes, how many carry a GitHub-computed sha256 digest, unfinished uploads). Drafts are found by tag when the credentials have push access. Use releasebutler_list_assets for every asset and releasebutler_verify_checksums to check them.",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: z.object({ repo: RepoInput, ...ReleaseSelector }).strict().refine(...oneReleaseSelector),
  output: z.object({
    repo: z.string(),
    release: ReleaseView,
    assets: z.object({
      count: z.number().int(),
      total_bytes: z.number().int(),
      with_digest: z.number().int().describe("assets GitHub reports a sha256 digest for"),
      starter: z.number().int().describe('assets in state "starter" (an upload that never finished)'),
      names: z.array(z.string()).describe("first 50 asset names"),
    }),
  }),
  handler: async (input, { github }) => {
    const client = await github.forRepo(input.repo);
    const release = await findRelease(client, selectorOf(input));
    const assets = (await listReleaseAssets(client, release.id)).map(toAssetView);
    return {
      repo: `${client.owner}/${client.repo}`,
      release: toReleaseView(release),
      assets: {
        count: assets.length,
        total_bytes: assets.reduce((n, a) => n + a.size, 0),
        with_digest: assets.filter((a) => a.digest).length,
        starter: assets.filter((a) => a.state === "starter").length,
        names: assets.slice(0, 50).map((a) => a.name),
      },
    };
  },
});
