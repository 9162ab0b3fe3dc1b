import { z } from "zod";
import { defineTool } from "@/lib/runtime/define-tool";
import { findRelease } from "../find-release";
import { listReleaseAssets } from "../list-release-assets";
import { AssetView, toAssetView } from "../release-view";
import { oneReleaseSelector, ReleaseSelector, RepoInput, selectorOf } from "../shared-schemas";

export const listAssets = defineTool({
  name: "releasebutler_list_assets",
  title: "List a release's assets",
  description:
    "Every asset of a release (by tag or latest; up to GitHub's 1000 per release): name, label, state, size in bytes, content type, download count, GitHub's sha256 `digest` when it provides one, and the download URLs. Paginate with offset/limit.",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: z
    .object({
      repo: RepoInput,
      ...ReleaseSelector,
      offset: z.number().int().min(0).max(1000).default(0),
      limit: z.number().int().min(1).max(200).default(100).describe("Most assets to return (1-200)"),
    })
    .strict()
    .refine(...oneReleaseSelector),
  output: z.object({
    repo: z.string(),
    release_id: z.number().int(),
    tag_name: z.string(),
    assets: z.array(AssetView),
    total: z.number().int(),
    next_offset: z.number().int().nullable(),
  }),
  handler: async (input, { github }) => {
    const client = await github.forRepo(input.repo);
    const release = await findRelease(client, selectorOf(input));
    const all = (await listReleaseAssets(client, release.id)).map(toAssetView);
    const end = input.offset + input.limit;
    return {
      repo: `${client.owner}/${client.repo}`, release_id: release.id, tag_name: release.tag_name,
      assets: all.slice(input.offset, end), total: all.length, next_offset: end < all.length ? end : null,
    };
  },
});
