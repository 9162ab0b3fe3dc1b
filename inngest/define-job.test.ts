import os from "node:os";
import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, scanPages, scans } from "@/drizzle/schema";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { cancelJob } from "@/lib/jobs/cancel-job";
import { JOB_CANCELLED_EVENT } from "@/lib/jobs/job-cancellation";
import { registerJobs } from "@/lib/jobs/job-registry";
import { closeSharedBrowser } from "@/lib/modules/sitelint/shared-browser";
import { jobDefinitions } from "./index";
import { sitelintRunScan } from "./functions/sitelint-run-scan";

type FunctionConfig = { id: string; cancel?: { event: string; if?: string }[] };
const sent: { name: string; data: Record<string, unknown> }[] = [];
const configOf = (fn: unknown) => (fn as { getConfig(o: { baseUrl: URL; appPrefix: string }): FunctionConfig[] }).getConfig({ baseUrl: new URL("http://127.0.0.1/api/inngest"), appPrefix: "omniaudit" });

describe("job functions and cancellation (Inngest)", () => {
  let site: StaticServer;
  beforeAll(async () => {
    registerJobs({ load: async () => (await import("./index")).jobDefinitionList, send: async (e) => void sent.push(e) });
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
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

  it("every job function is cancelled by omniaudit/job.cancelled for its own job_id (cancelOn)", () => {
    expect(jobDefinitions.length).toBeGreaterThanOrEqual(4);
    for (const d of jobDefinitions) {
      expect(d.fn.opts.cancelOn, d.id).toEqual([{ event: JOB_CANCELLED_EVENT, match: "data.job_id" }]);
      // What Inngest is told at registration: the cancel event and the expression matching the triggering event.
      const [main] = configOf(d.fn);
      expect(main?.cancel, d.id).toEqual([{ event: JOB_CANCELLED_EVENT, if: "event.data.job_id == async.data.job_id" }]);
    }
  });

  it("a run whose job is cancelled during its first step stops before the next one: no page audited, no retry, not failed, scan cancelled", async () => {
    const db = await getDb();
    const jobId = newId("job");
    const scanId = newId("scan");
    const url = site.url("/a.html");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: sitelintRunScan.id, input: { job_id: jobId, scan_id: scanId }, backend: "inngest", principal: "alice" });
    await db.insert(scans).values({ id: scanId, jobId, url, origin: site.origin, profile: "quick", viewportSet: "desktop", crawlBudget: 2 });
    const event = { name: sitelintRunScan.event, data: { job_id: jobId, scan_id: scanId } };
    // The cancel lands while the crawl's first step ("start": robots.txt) runs.
    const start = { id: "start", handler: async () => {
      await cancelJob(db, jobId, { principal: "alice", reason: "test" });
      return { url: site.url("/robots.txt"), found: false, status: 404 };
    } };
    // Invocation 1: the next step finds the job cancelled and fails as non-retriable (Inngest would not retry it).
    const first = await new InngestTestEngine({ function: sitelintRunScan.fn, events: [event], steps: [start] }).execute();
    expect(first.error).toMatchObject({ name: "NonRetriableError", message: expect.stringMatching(/was cancelled/) });
    expect(sent).toContainEqual({ name: JOB_CANCELLED_EVENT, data: { job_id: jobId } });
    expect(first.ctx.step.run).toHaveBeenCalledWith(`page:${url}`, expect.any(Function));
    // Invocation 2: Inngest hands the step's error back; the lifecycle stops the job instead of failing it.
    const failedPage = { id: `page:${url}`, handler: () => { throw first.error; } };
    const { result, error, ctx } = await new InngestTestEngine({ function: sitelintRunScan.fn, events: [event], steps: [start, failedPage] }).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ cancelled: true, job_id: jobId });
    expect(ctx.step.run).not.toHaveBeenCalledWith("job:finish", expect.any(Function));
    expect(ctx.step.run).not.toHaveBeenCalledWith("finalize", expect.any(Function));
    expect(site.requests.filter((r) => r.includes(".html"))).toEqual([]);
    expect(await db.select().from(scanPages).where(eq(scanPages.scanId, scanId))).toEqual([]);
    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({ status: "cancelled", error: { code: "JOB_CANCELLED" } });
    const [scan] = await db.select().from(scans).where(eq(scans.id, scanId));
    expect(scan).toMatchObject({ status: "cancelled", error: { code: "JOB_CANCELLED" }, summary: { pages_ok: 0 } });
  });
});
