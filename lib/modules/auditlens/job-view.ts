import { z } from "zod";
import type { Endpoints } from "@octokit/types";
import { cleanText } from "./github-text";

type Job = Endpoints["GET /repos/{owner}/{repo}/actions/jobs/{job_id}"]["response"]["data"];

/** Conclusions that mean a job (or step) failed. */
export const FAILED_CONCLUSIONS: ReadonlySet<string> = new Set(["failure", "timed_out", "startup_failure"]);

const ms = (a?: string | null, b?: string | null) => (a && b ? Math.max(0, Date.parse(b) - Date.parse(a)) : null);

export const StepView = z.object({ number: z.number().int(), name: z.string().nullable(), conclusion: z.string().nullable(), duration_ms: z.number().int().nullable() });

export const JobView = z.object({
  job_id: z.number().int(),
  name: z.string().nullable(),
  status: z.string(),
  conclusion: z.string().nullable(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  duration_ms: z.number().int().nullable(),
  runner_name: z.string().nullable(),
  html_url: z.string().nullable(),
  failed_steps: z.array(StepView).describe("Steps whose conclusion is failure / timed_out, with their durations"),
});
export type JobView = z.infer<typeof JobView>;

/** Map a GitHub job to {@link JobView} (untrusted names cleaned). */
export function toJobView(j: Job): JobView {
  return {
    job_id: Number(j.id),
    name: cleanText(j.name, 200),
    status: j.status,
    conclusion: j.conclusion ?? null,
    started_at: j.started_at ?? null,
    completed_at: j.completed_at ?? null,
    duration_ms: ms(j.started_at, j.completed_at),
    runner_name: cleanText(j.runner_name ?? null, 200),
    html_url: j.html_url ?? null,
    failed_steps: (j.steps ?? [])
      .filter((s) => s.conclusion && FAILED_CONCLUSIONS.has(s.conclusion))
      .map((s) => ({ number: s.number, name: cleanText(s.name, 200), conclusion: s.conclusion ?? null, duration_ms: ms(s.started_at, s.completed_at) })),
  };
}
