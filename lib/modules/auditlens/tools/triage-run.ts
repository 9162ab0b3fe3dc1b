import { z } from "zod";
import { auditlensTriages } from "@/drizzle/schema";
import { newId } from "@/lib/ids";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { toJobRef } from "@/lib/jobs/job-ref";
import { JobRef } from "@/lib/jobs/types";
import { parseRepo } from "@/lib/github/github-access";
import { defineTool } from "@/lib/runtime/define-tool";
import { GitHubId, RepoInput } from "../shared-schemas";

export const triageRunTool = defineTool({
  name: "auditlens_triage_run",
  title: "Triage a red CI run",
  description:
    "Answer \"what broke in this PR?\" from the run's own evidence, as a durable job: the latest failed run of the PR's head commit (or a branch, or run_id), its artifacts parsed (failed-job logs when none), compared with the latest successful run of the workflow on the base branch; every finding and failing test classed new / existing / fixed, flaky or broken (failing on base too). Returns a JobRef and triage_id: poll core_get_job, then auditlens_get_triage.",
  risk: "read",
  openWorld: true,
  idempotent: false,
  rateLimit: { bucket: "scan_submissions" },
  input: z
    .object({ repo: RepoInput, pr_number: z.number().int().min(1).optional(), branch: z.string().min(1).max(255).optional(), run_id: GitHubId.optional() })
    .strict()
    .refine((i) => [i.pr_number, i.branch, i.run_id].filter((x) => x !== undefined).length === 1, { message: "give exactly one of pr_number, branch and run_id" }),
  output: JobRef.extend({ triage_id: z.string() }),
  handler: async (input, { db, principal, requestId }) => {
    parseRepo(input.repo);
    const target = input.pr_number !== undefined ? { pr_number: input.pr_number } : input.branch !== undefined ? { branch: input.branch } : { run_id: input.run_id! };
    const triageId = newId("tri");
    const jobId = newId("job");
    await db.insert(auditlensTriages).values({ id: triageId, jobId, repo: input.repo.toLowerCase(), target, principal });
    const job = await enqueueJob(db, { jobId, module: "auditlens", functionId: "auditlens/triage-run", event: "auditlens/triage.requested", data: { triage_id: triageId }, subject: { kind: "triage", id: triageId }, principal, requestId });
    return { ...toJobRef(job), triage_id: triageId };
  },
});
