import { createHash } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@/drizzle/schema";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { forgetFakeGitHub, useFakeGitHub } from "@/e2e/support/fake-github-env";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { failJob } from "@/lib/jobs/job-lifecycle";
import { createMemoStep } from "@/lib/jobs/memo-step";
import { runChecksumsJob } from "@/lib/modules/releasebutler/checksums/run-checksums-job";
import type { VerifyChecksumsOutput } from "@/lib/modules/releasebutler/checksums/schemas";
import { releasebutlerVerifyChecksums } from "./releasebutler-verify-checksums";

const PAT = "github_pat_11INNGEST0fakeTokenForTheChecksumFunction_abcdefghijklmnopqrstuvwxyz0123456789ABCD";
const REPO = "acme/tools";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const FILES = ["a.tar.gz", "b.tar.gz", "c.tar.gz", "d.tar.gz"];

let gh: FakeGitHub;
let ids: number[] = [];

async function seedJob(tag: string) {
  const db = await getDb();
  const jobId = newId("job");
  const data = { job_id: jobId, repo: REPO, tag };
  await db.insert(jobs).values({ id: jobId, module: "releasebutler", functionId: releasebutlerVerifyChecksums.id, input: data, backend: "inngest" });
  return { db, jobId, data, event: { name: releasebutlerVerifyChecksums.event, data } };
}

describe("releasebutler/verify-checksums as an Inngest function (@inngest/test)", () => {
  beforeAll(async () => {
    gh = await startFakeGitHub({ seed: "empty" });
    gh.addToken(PAT, { login: "mona", kind: "pat" });
    gh.addRepo({ owner: "acme", name: "tools" });
    gh.addCommit({ repo: REPO, message: "init", author: "mona" });
    const assets = FILES.map((name) => ({ name, content: `${name} bytes`, digest: null }));
    const sums = FILES.map((n, i) => `${i === 3 ? sha256("tampered") : sha256(`${n} bytes`)}  ${n}\n`).join("");
    ids = gh.addRelease({ repo: REPO, tag: "v2.0.0", assets: [...assets, { name: "SHA256SUMS", content: sums }] }).assetIds.slice(0, 4);
    useFakeGitHub(gh, PAT);
  });
  afterAll(async () => {
    await gh?.close();
    forgetFakeGitHub();
  });

  it("runs a plan step and one step per asset, writes progress and stores the verification as the job's result", async () => {
    const { db, jobId, event } = await seedJob("v2.0.0");
    const t = new InngestTestEngine({ function: releasebutlerVerifyChecksums.fn, events: [event] });
    const { result, error, ctx } = await t.execute();
    expect(error).toBeUndefined();
    for (const s of ["plan", ...ids.map((id) => `asset:${id}`)]) expect(ctx.step.run).toHaveBeenCalledWith(s, expect.any(Function));
    const out = result as VerifyChecksumsOutput;
    expect(out).toMatchObject({ status: "completed", ok: false, job: null, summary: { verified: 3, mismatch: 1 } });
    expect(out.results.map((r) => [r.asset, r.status])).toEqual([["a.tar.gz", "verified"], ["b.tar.gz", "verified"], ["c.tar.gz", "verified"], ["d.tar.gz", "mismatch"]]);
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({ status: "succeeded", progress: 1, progressDone: 4, progressTotal: 4 });
    expect(job?.result).toEqual(out);
  });

  it("a resumed job (memoized steps) downloads no asset again and writes no progress", async () => {
    const { db, jobId, data } = await seedJob("v2.0.0");
    const first = await runChecksumsJob({ data, step: createMemoStep(db, jobId) });
    const downloads = gh.state.assetDownloads.length;
    const [before] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    const again = await runChecksumsJob({ data, step: createMemoStep(db, jobId) });
    expect(again).toEqual(first);
    expect(gh.state.assetDownloads.length).toBe(downloads);
    const [after] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(after?.updatedAt.getTime()).toBe(before?.updatedAt.getTime());
  });

  it("an unknown tag fails the attempt; after the last retry the job fails with NOT_FOUND", async () => {
    const { db, jobId, data, event } = await seedJob("v0.0.404");
    const { error } = await new InngestTestEngine({ function: releasebutlerVerifyChecksums.fn, events: [event] }).execute();
    expect(error).toBeDefined();
    await failJob(releasebutlerVerifyChecksums, { jobId, functionId: releasebutlerVerifyChecksums.id, data, error });
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({ status: "failed", error: { code: "NOT_FOUND" } });
    expect(job?.error?.message).toMatch(/v0\.0\.404/);
  });
});
