import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineTool } from "@/lib/runtime/define-tool";
import { fileIssue } from "../issues/file-issue";
import { extractMarker, MARKER_LABEL, markerFor, titleFingerprint } from "../issues/issue-marker";
import { MAX_BODY_CHARS } from "../issues/render-issue-draft";
import { RepoInput } from "../shared-schemas";

const Label = z.string().trim().min(1).max(50).regex(/^[^,]+$/, "a label cannot contain a comma");

/** How many characters of the body the confirmation summary quotes (the console renders all of it). */
const SUMMARY_BODY_CHARS = 1500;

const Input = z
  .object({
    repo: RepoInput,
    title: z.string().trim().min(1).max(256),
    body: z.string().min(1).max(MAX_BODY_CHARS - 1000).describe("Markdown (from auditlens_draft_issue); its <!-- omniaudit:fingerprint=… --> marker is the issue identity"),
    labels: z.array(Label).max(20).default([MARKER_LABEL]),
  })
  .strict();

/** The identity and final body of a create: the body's marker, or one derived from the title and added on top. */
function identity(i: z.infer<typeof Input>): { fingerprint: string; body: string } {
  const found = extractMarker(i.body);
  if (found) return { fingerprint: found, body: i.body };
  const fingerprint = titleFingerprint(i.title);
  return { fingerprint, body: `${markerFor(fingerprint)}\n\n${i.body}` };
}

export const createIssue = defineTool({
  name: "auditlens_create_issue",
  title: "File a GitHub issue (or comment on the open one)",
  description:
    "File the issue auditlens_draft_issue drafted — a write that needs confirmation: the first call returns confirmation_required with a token (an operator approves it in the console, seeing the rendered body); call again with the same arguments plus confirmation_token. Sticky: an open issue carrying the same <!-- omniaudit:fingerprint=… --> marker gets a \"seen again\" comment instead of a duplicate, and a retry finds the issue it created. Repo must be on GITHUB_WRITE_ALLOWLIST (issues:write). The receipt holds the issue number and URL.",
  risk: "write",
  openWorld: true,
  idempotent: false,
  rateLimit: { bucket: "github_writes" },
  input: Input,
  output: z.object({
    action: z.enum(["created", "commented"]),
    repo: z.string(),
    issue_number: z.number().int(),
    issue_url: z.string(),
    comment_url: z.string().nullable(),
    fingerprint: z.string(),
    recovered: z.boolean().describe("GitHub's answer to the create was lost; the issue was found by its marker"),
  }),
  targets: (i) => ({ repos: [i.repo] }),
  summarize: async (i) => {
    const { fingerprint, body } = identity(i);
    const quoted = body.length > SUMMARY_BODY_CHARS ? `${body.slice(0, SUMMARY_BODY_CHARS)}… (${body.length} characters in all)` : body;
    return `File a GitHub issue in ${i.repo} (or comment on the open issue with marker ${fingerprint}): "${i.title}" — labels: ${[...new Set([MARKER_LABEL, ...i.labels])].join(", ")}\n\n${quoted}`;
  },
  handler: async (input, { github }) => {
    const { fingerprint, body } = identity(input);
    if (body.length > MAX_BODY_CHARS) throw new AppError("VALIDATION_ERROR", `The body is over GitHub's ${MAX_BODY_CHARS} characters once its marker is added.`, { field: "body" });
    const client = await github.forRepo(input.repo);
    const filed = await fileIssue(client, {
      title: input.title, body, labels: [...new Set([MARKER_LABEL, ...input.labels])], fingerprint,
      seenAgainNote: `**Seen again** by OmniAudit on ${new Date().toISOString().slice(0, 10)}:`,
    });
    return { ...filed, repo: `${client.owner}/${client.repo}`, fingerprint };
  },
});
