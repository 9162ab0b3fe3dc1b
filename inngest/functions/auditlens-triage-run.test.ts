import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditlensTriages, jobs } from "@/drizzle/schema";
import { corpusDir } from "@/e2e/support/corpus";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { forgetFakeGitHub, useFakeGitHub } from "@/e2e/support/fake-github-env";
import { seedTriageScenario, TRIAGE } from "@/e2e/support/triage-scenario";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { failJob } from "@/lib/jobs/job-lifecycle";
import { auditlensTriageRun } from "./auditlens-triage-run";

const corpus = corpusDir();
const PAT = "github_pat_11INNGEST0fakeTokenForTheTriageFunction_abcdefghijklmnopqrstuvwxyz0123456789ABCD";

async function seedTriage(target: Record<string, unknown>, repo: string = TRIAGE.repo) {
  const db = await getDb();
  const jobId = newId("job");
  const triageId = newId("tri");
  await db.insert(jobs).values({ id: jobId, module: "auditlens", functionId: "auditlens/triage-run", input: { job_id: jobId, triage_id: triageId }, backend: "inngest" });
  await db.insert(auditlensTriages).values({ id: triageId, jobId, repo, target, principal: "tester" });
  return { jobId, triageId, event: { name: "auditlens/triage.requested", data: { job_id: jobId, triage_id: triageId } } };
}

describe.skipIf(!corpus)("auditlens/triage-run as an Inngest function (@inngest/test)", () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub({ seed: "empty" });
    gh.addToken(PAT, { login: "mona", kind: "pat" });
    seedTriageScenario(gh, corpus!);
    useFakeGitHub(gh, PAT);
  });
  afterAll(async () => {
    await gh?.close();
    forgetFakeGitHub();
  });

  it("runs one step per stage and stores the classified triage", async () => {
    const { jobId, triageId, event } = await seedTriage({ pr_number: TRIAGE.prNumber });
    const t = new InngestTestEngine({ function: auditlensTriageRun.fn, events: [event] });
    const { result, error, ctx } = await t.execute();
    expect(error).toBeUndefined();
    for (const s of ["find-run", "head-evidence", "siblings", "base-evidence", "classify"]) expect(ctx.step.run).toHaveBeenCalledWith(s, expect.any(Function));
    expect(result).toMatchObject({ counts: { new: TRIAGE.expected.new, broken: 1, flaky: 1, fixed: 1, existing: 1 } });
    const db = await getDb();
    const [row] = await db.select().from(auditlensTriages).where(eq(auditlensTriages.id, triageId));
    expect(row).toMatchObject({ status: "succeeded", headSha: TRIAGE.headSha });
    expect(row?.headReportId && row.baseReportId).toBeTruthy();
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({ status: "succeeded", progress: 1 });
  });

  it("a run GitHub does not know fails the attempt; after the last retry the job and the triage fail with an actionable error", async () => {
    const { jobId, triageId, event } = await seedTriage({ run_id: 424242 });
    const t = new InngestTestEngine({ function: auditlensTriageRun.fn, events: [event] });
    const { error } = await t.execute();
    expect(error).toBeDefined();
    // What the function's onFailure does once Inngest gives up (define-job): the shared lifecycle's failJob.
    await failJob(auditlensTriageRun, { jobId, functionId: auditlensTriageRun.id, data: event.data, error });
    const db = await getDb();
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job?.status).toBe("failed");
    expect(job?.error).toMatchObject({ code: "NOT_FOUND" });
    const [row] = await db.select().from(auditlensTriages).where(eq(auditlensTriages.id, triageId));
    expect(row).toMatchObject({ status: "failed", error: { code: "NOT_FOUND" } });
    expect(row?.error?.message).toMatch(/run 424242/);
  });
});
