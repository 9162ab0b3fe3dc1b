import { z } from "zod";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { defineTool } from "@/lib/runtime/define-tool";
import { ArtifactView, toArtifactView } from "../artifact-view";
import { linkHasNext, nextCursor, readCursor } from "../cursor";
import { CursorInput, GitHubId, LimitInput, RepoInput } from "../shared-schemas";

export const listArtifacts = defineTool({
  name: "auditlens_list_artifacts",
  title: "List a run's artifacts",
  description:
    "The artifacts a GitHub Actions run uploaded (test reports, SARIF, coverage, logs…): id, name, zip size in bytes, digest when GitHub reports it, expiry. Optional `name` filter. Fetch one with auditlens_fetch_artifact to get its files.",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: z.object({ repo: RepoInput, run_id: GitHubId, name: z.string().min(1).max(256).optional(), limit: LimitInput, cursor: CursorInput }).strict(),
  output: z.object({ artifacts: z.array(ArtifactView), total_count: z.number().int(), next_cursor: z.string().nullable() }),
  handler: async (input, { github }) => {
    const { cursor, limit, ...filters } = input;
    const { page, per } = readCursor(cursor, { limit, filters });
    const { octokit, owner, repo } = await github.forRepo(input.repo);
    try {
      const res = await octokit.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: input.run_id, per_page: per, page, ...(input.name ? { name: input.name } : {}) });
      const hasNext = linkHasNext(res.headers.link) || page * per < res.data.total_count;
      return { artifacts: res.data.artifacts.map(toArtifactView), total_count: res.data.total_count, next_cursor: nextCursor({ page, per, hasNext, filters }) };
    } catch (e) {
      throw mapGitHubError(e, { target: `the artifacts of run ${input.run_id} in ${input.repo}` });
    }
  },
});
