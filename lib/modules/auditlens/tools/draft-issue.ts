import { z } from "zod";
import { getEnv } from "@/lib/env";
import { defineTool } from "@/lib/runtime/define-tool";
import { gatherDraft } from "../issues/gather-draft";
import { githubWebBase, renderIssueDraft } from "../issues/render-issue-draft";
import { RepoInput } from "../shared-schemas";

const Label = z.string().trim().min(1).max(50).regex(/^[^,]+$/, "a label cannot contain a comma");

/** The issue fields `auditlens_create_issue` takes, as a draft returns them. */
export const IssueDraftView = z.object({
  repo: z.string(),
  title: z.string(),
  body: z.string().describe("GitHub-Flavored Markdown, with the hidden marker <!-- omniaudit:fingerprint=… -->"),
  labels: z.array(z.string()),
  fingerprint: z.string().describe("The issue identity in the marker: one finding's fingerprint, or set:<sha256> of several"),
  finding_fingerprints: z.array(z.string()),
  findings_included: z.number().int().describe("Findings listed in the body (long drafts list fewer)"),
  findings_total: z.number().int(),
});

export const draftIssue = defineTool({
  name: "auditlens_draft_issue",
  title: "Draft a GitHub issue for findings",
  description:
    "Draft (without filing) a GitHub issue for AuditLens findings: from a triage (its new and broken findings by default, with the headline, run link and failing job's log excerpt) or from finding ids. Returns repo, title, a Markdown body (findings table with locations linked to the blob at the run's commit, failing tests with stack excerpts, suggested fixes) and labels, plus the hidden marker that lets auditlens_create_issue comment on the open issue instead of opening a duplicate. Report text is escaped: it cannot mention people or inject markup. Pass the result to auditlens_create_issue.",
  risk: "read",
  openWorld: true,
  idempotent: true,
  input: z
    .object({
      triage_id: z.string().regex(/^tri_[0-9a-f]{28}$/).optional(),
      finding_ids: z.array(z.string().regex(/^fnd_[0-9a-f]{28}$/)).min(1).max(500).optional(),
      classes: z.array(z.enum(["new", "existing", "fixed", "flaky", "broken"])).min(1).max(5).default(["new", "broken"]).describe("Triage classes to include"),
      repo: RepoInput.optional().describe("Needed only for findings of an inline report"),
      sha: z.string().regex(/^[0-9a-f]{7,40}$/i).optional().describe("Commit to link locations at (default: the run's head SHA)"),
      title: z.string().trim().min(1).max(256).optional(),
      labels: z.array(Label).max(10).optional().describe("Labels besides omniaudit (and ci-failure / security, added by content)"),
      include_log_excerpt: z.boolean().default(true),
    })
    .strict(),
  output: IssueDraftView,
  handler: async (input, { db, github }) => {
    const { ctx, findings } = await gatherDraft(db, github, { triageId: input.triage_id, findingIds: input.finding_ids, repo: input.repo, classes: input.classes, sha: input.sha, includeLogExcerpt: input.include_log_excerpt });
    const webBase = ctx.run?.html_url && /^https?:\/\//.test(ctx.run.html_url) ? new URL(ctx.run.html_url).origin : githubWebBase(getEnv().githubApiUrl);
    return renderIssueDraft({ ...ctx, webBase, labels: input.labels, title: input.title }, findings);
  },
});
