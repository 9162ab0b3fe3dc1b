import os from "node:os";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { jobs, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { crawlScan, failScan } from "@/lib/modules/sitelint/crawl-scan";
import { closeSharedBrowser } from "@/lib/modules/sitelint/shared-browser";
import { enqueueJob } from "./enqueue-job";
import { registerJobs } from "./job-registry";
import { failJob, jobErrorOf } from "./job-lifecycle";
import { createMemoStep } from "./memo-step";
import type { JobDefinition } from "./types";

const Data = z.object({ job_id: z.string(), mode: z.enum(["raw", "app"]) });
let onFailureCalls: { code: string; message: string }[] = [];
const failing: JobDefinition<z.infer<typeof Data>> = {
  id: "core/test-failing",
  event: "core/test.failing",
  schema: Data,
  handler: async ({ event, step }) => {
    await step.run("first", async () => 1);
    if (event.data.mode === "app") throw new AppError("UPSTREAM_ERROR", "The site answered nothing useful.");
    throw new Error('Failed query: select * from "jobs" where id = $1 — password=hunter2');
  },
  onFailure: async ({ error }) => {
    onFailureCalls.push(error);
  },
};

async function runToEnd(mode: "raw" | "app") {
  const db = await getDb();
  const row = await enqueueJob(db, { module: "core", functionId: failing.id, event: failing.event, data: { mode }, principal: "t", requestId: "r" });
  for (let i = 0; i < 100; i++) {
    const [j] = await db.select().from(jobs).where(eq(jobs.id, row.id));
    if (j && (j.status === "failed" || j.status === "succeeded")) return j;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("job did not finish");
}

describe("one job lifecycle", () => {
  let site: StaticServer;
  beforeAll(async () => {
    registerJobs({ load: async () => [...(await import("@/inngest")).jobDefinitionList, failing as unknown as JobDefinition<never>] });
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
    process.env.SITELINT_PAGE_TIMEOUT_MS = "2000";
    resetEnvForTests();
    site = await startStaticServer({
      root: os.tmpdir(),
      routes: {
        "/robots.txt": { body: "User-agent: *\nAllow: /\n", headers: { "content-type": "text/plain" } },
        "/a.html": { body: "<!doctype html><html lang=en><title>A</title><h1>A</h1><a href='/b.html'>b</a>" },
        "/b.html": { body: "<!doctype html><html lang=en><title>B</title><h1>B</h1>" },
      },
    });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("never stores a raw exception message in jobs.error; an AppError keeps its code and message; onFailure gets the same", async () => {
    onFailureCalls = [];
    const raw = await runToEnd("raw");
    expect(raw.error).toEqual({ code: "JOB_FAILED", message: `The job stopped on an unexpected error; the server log has the details (job ${raw.id}).` });
    expect(JSON.stringify(raw.error)).not.toMatch(/Failed query|hunter2/);
    const app = await runToEnd("app");
    expect(app.error).toEqual({ code: "UPSTREAM_ERROR", message: "The site answered nothing useful." });
    expect(onFailureCalls).toEqual([raw.error, app.error]);
    expect(jobErrorOf(new TypeError("x is not a function"), "job_1").code).toBe("JOB_FAILED");
  });

  it("a scan that could audit nothing (its robots.txt unreachable: RFC 9309 disallow-all) keeps its own error after the job fails", async () => {
    const db = await getDb();
    const jobId = newId("job");
    const scanId = newId("scan");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: { job_id: jobId, scan_id: scanId }, backend: "in-process", status: "running" });
    const closed = await startStaticServer({ root: os.tmpdir() });
    await closed.close();
    await db.insert(scans).values({ id: scanId, jobId, url: closed.url("/"), origin: closed.origin, profile: "quick", viewportSet: "desktop", crawlBudget: 1 });
    const { sitelintRunScan: def } = await import("@/inngest/functions/sitelint-run-scan");
    const error = await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) }).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: "UPSTREAM_ERROR" });
    await failJob(def, { jobId, functionId: def.id, data: { job_id: jobId, scan_id: scanId }, error });
    const [scan] = await db.select().from(scans).where(eq(scans.id, scanId));
    expect(scan).toMatchObject({ status: "failed", error: { code: "ROBOTS_UNREACHABLE" } });
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job?.error).toMatchObject({ code: "UPSTREAM_ERROR" });
    // failScan never overwrites a final scan either.
    await failScan(db, scanId, { code: "JOB_FAILED", message: "x" });
    expect((await db.select().from(scans).where(eq(scans.id, scanId)))[0]?.error).toMatchObject({ code: "ROBOTS_UNREACHABLE" });
  });

  it("a replayed crawl (a resumed job, or Inngest re-invoking the function) repeats no side effect: no robots.txt, no page, no progress write", async () => {
    const db = await getDb();
    const jobId = newId("job");
    const scanId = newId("scan");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "running" });
    await db.insert(scans).values({ id: scanId, jobId, url: site.url("/a.html"), origin: site.origin, profile: "quick", viewportSet: "desktop", crawlBudget: 2 });
    const first = await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) });
    const requestsAfterFirst = site.requests.length;
    expect(site.requests.filter((r) => r.endsWith("/robots.txt"))).toHaveLength(1);
    const [before] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    const replay = await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) });
    expect(replay).toEqual(first);
    expect(site.requests.length).toBe(requestsAfterFirst);
    const [after] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(after?.updatedAt.getTime()).toBe(before?.updatedAt.getTime());
  });
});
