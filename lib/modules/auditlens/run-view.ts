import { z } from "zod";
import type { Endpoints } from "@octokit/types";
import { cleanText } from "./github-text";

type WorkflowRun = Endpoints["GET /repos/{owner}/{repo}/actions/runs/{run_id}"]["response"]["data"];

/** A workflow run as AuditLens returns it (GitHub's fields, untrusted text cleaned). */
export const RunView = z.object({
  run_id: z.number().int(),
  name: z.string().nullable().describe("Workflow name"),
  workflow_id: z.number().int(),
  display_title: z.string().nullable(),
  event: z.string(),
  status: z.string().nullable().describe("queued | in_progress | completed | …"),
  conclusion: z.string().nullable().describe("success | failure | cancelled | timed_out | … (null until completed)"),
  branch: z.string().nullable(),
  head_sha: z.string(),
  run_number: z.number().int(),
  run_attempt: z.number().int(),
  actor: z.string().nullable(),
  pull_requests: z.array(z.number().int()).describe("Numbers of the pull requests the run belongs to"),
  created_at: z.string(),
  updated_at: z.string(),
  run_started_at: z.string().nullable(),
  html_url: z.string(),
});
export type RunView = z.infer<typeof RunView>;

/** Map a GitHub workflow run object to {@link RunView}. */
export function toRunView(r: WorkflowRun): RunView {
  return {
    run_id: Number(r.id),
    name: cleanText(r.name ?? null, 200),
    workflow_id: r.workflow_id,
    display_title: cleanText(r.display_title, 300),
    event: r.event,
    status: r.status ?? null,
    conclusion: r.conclusion ?? null,
    branch: cleanText(r.head_branch ?? null, 250),
    head_sha: r.head_sha,
    run_number: r.run_number,
    run_attempt: r.run_attempt ?? 1,
    actor: r.actor?.login ?? null,
    pull_requests: (r.pull_requests ?? []).map((p) => p.number),
    created_at: r.created_at,
    updated_at: r.updated_at,
    run_started_at: r.run_started_at ?? null,
    html_url: r.html_url,
  };
}
