import os from "node:os";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { auditlensTriages, findings, jobs, jobSteps, receipts, releaseRuns, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { createScan } from "@/lib/modules/sitelint/create-scan";
import { closeSharedBrowser } from "@/lib/modules/sitelint/shared-browser";
import { cancelJob } from "./cancel-job";
import { JOB_CANCELLED_EVENT } from "./job-cancellation";
import { registerJobs } from "./job-registry";
import { activeLocalJobs, scheduleLocalJobs, sweepLocalJobs } from "./run-local-job";

const PAGES = 8;
const page = (n: number) =>
  `<!doctype html><html lang="en"><head><title>P${n}</title><meta name="description" content="page ${n}"></head><body><main><h1>Page ${n}</h1><img src="/x.png"><a href="/p${n + 1}.html">next</a></main></body></html>`;

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const jobRow = async (id: string) => (await (await getDb()).select().from(jobs).where(eq(jobs.id, id)))[0]!;
const pagesOf = async (scanId: string) => (await getDb()).select().from(scanPages).where(eq(scanPages.scanId, scanId));
const sent: { name: string; data: Record<string, unknown> }[] = [];

describe("cancelJob", () => {
  let site: StaticServer;
  beforeAll(async () => {
    registerJobs({ load: async () => (await import("@/inngest")).jobDefinitionList, send: async (e) => void sent.push(e) });
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
    process.env.SITELINT_CONCURRENCY = "1";
    process.env.SITELINT_PAGE_TIMEOUT_MS = "10000";
    resetEnvForTests();
    const routes: Record<string, { body: string; delayMs?: number; headers?: Record<string, string> }> = {
      "/robots.txt": { body: "User-agent: *\nAllow: /\n", headers: { "content-type": "text/plain" } },
    };
    // Each page answers after 400 ms, so the crawl is still going when it is cancelled.
    for (let n = 1; n <= PAGES; n++) routes[`/p${n}.html`] = { body: page(n), delayMs: 400 };
    site = await startStaticServer({ root: os.tmpdir(), routes });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
    delete process.env.SITELINT_CONCURRENCY;
    resetEnvForTests();
  });

  it("stops a running in-process scan within about one page: job cancelled, lease released, scan cancelled with its partial results", async () => {
    const db = await getDb();
    const { scanId, job } = await createScan(db, { url: site.url("/p1.html"), profile: "quick", viewportSet: "desktop", crawlBudget: PAGES, entryPaths: [] }, { principal: "alice", requestId: "r-cancel" });
    await until("the first page", () => pagesOf(scanId), (p) => p.length >= 1);
    expect((await jobRow(job.id)).leaseOwner).not.toBeNull();

    const { outcome, job: cancelled } = await cancelJob(db, job.id, { principal: "alice", reason: "tasks/cancel" });
    expect(outcome).toBe("cancelled");
    expect(cancelled).toMatchObject({ status: "cancelled", leaseOwner: null, leaseExpiresAt: null, error: { code: "JOB_CANCELLED" } });
    expect(cancelled.finishedAt).toBeInstanceOf(Date);
    const atCancel = (await pagesOf(scanId)).length;

    await until("the runner to let go", async () => activeLocalJobs(), (a) => !a.includes(job.id));
    const pages = await pagesOf(scanId);
    // At most the page in flight when the cancel landed is finished; nothing after it is even requested.
    expect(pages.length).toBeLessThanOrEqual(atCancel + 1);
    expect(pages.length).toBeLessThan(PAGES);
    const requested = site.requests.filter((r) => /\/p\d+\.html/.test(r)).length;
    expect(requested).toBeLessThanOrEqual(pages.length + 1);

    const after = await jobRow(job.id);
    expect(after).toMatchObject({ status: "cancelled", leaseOwner: null, error: { code: "JOB_CANCELLED" } });
    expect(after.error?.message).toMatch(/alice.*tasks\/cancel/);
    expect(after.finishedAt?.getTime()).toBe(cancelled.finishedAt?.getTime());
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.jobId, job.id));
    expect(steps.map((s) => s.stepId)).not.toContain("finalize");

    const [scan] = await db.select().from(scans).where(eq(scans.id, scanId));
    expect(scan).toMatchObject({ status: "cancelled", error: { code: "JOB_CANCELLED" }, pagesDone: pages.filter((p) => p.status === "ok").length });
    expect(scan?.finishedAt).toBeInstanceOf(Date);
    // Partial results are kept: the audited pages and their findings (each page has an image without alt text).
    expect(scan?.summary).toMatchObject({ pages_ok: pages.filter((p) => p.status === "ok").length });
    const kept = await db.select().from(findings).where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId)));
    expect(kept.length).toBeGreaterThan(0);

    // Never resumed: the sweeper does not claim a cancelled job.
    await sweepLocalJobs();
    expect(activeLocalJobs()).not.toContain(job.id);
    expect((await pagesOf(scanId)).length).toBe(pages.length);

    // Idempotent: a second cancel changes nothing.
    const again = await cancelJob(db, job.id, { principal: "bob" });
    expect(again.outcome).toBe("already_cancelled");
    expect((await jobRow(job.id)).error?.message).toMatch(/alice/);
  });

  it("never touches a finished job, and says NOT_FOUND for an unknown one", async () => {
    const db = await getDb();
    const { scanId, job } = await createScan(db, { url: site.url(`/p${PAGES}.html`), profile: "quick", viewportSet: "desktop", crawlBudget: 1, entryPaths: [] }, { principal: "alice", requestId: "r-done" });
    scheduleLocalJobs();
    const done = await until("the one-page scan", () => jobRow(job.id), (j) => j.status === "succeeded");
    const r = await cancelJob(db, job.id, { principal: "alice" });
    expect(r.outcome).toBe("already_final");
    expect(await jobRow(job.id)).toMatchObject({ status: "succeeded", error: null, finishedAt: done.finishedAt });
    expect((await db.select().from(scans).where(eq(scans.id, scanId)))[0]?.status).toBe("succeeded");
    await expect(cancelJob(db, "job_000000000000nope", { principal: "alice" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a queued Inngest job: cancelled at once, its triage failed with JOB_CANCELLED, and the cancellation event sent for cancelOn", async () => {
    const db = await getDb();
    const jobId = newId("job");
    const triageId = newId("tri");
    await db.insert(jobs).values({ id: jobId, module: "auditlens", functionId: "auditlens/triage-run", input: { job_id: jobId, triage_id: triageId }, backend: "inngest", principal: "alice" });
    await db.insert(auditlensTriages).values({ id: triageId, jobId, repo: "acme/tools", target: { pr_number: 1 }, principal: "alice" });
    sent.length = 0;
    expect((await cancelJob(db, jobId, { principal: "alice" })).outcome).toBe("cancelled");
    expect(sent).toEqual([{ name: JOB_CANCELLED_EVENT, data: { job_id: jobId } }]);
    const [t] = await db.select().from(auditlensTriages).where(eq(auditlensTriages.id, triageId));
    expect(t).toMatchObject({ status: "failed", error: { code: "JOB_CANCELLED" } });
    // In-process jobs send no event.
    sent.length = 0;
    const local = newId("job");
    await db.insert(jobs).values({ id: local, module: "core", functionId: "core/none", input: {}, backend: "in-process", status: "running" });
    expect((await cancelJob(db, local, { principal: "alice" })).outcome).toBe("cancelled");
    expect(sent).toEqual([]);
  });

  it("a release run: failed with JOB_CANCELLED and its pending receipt finalised failed (what onFailure gives it)", async () => {
    const db = await getDb();
    const jobId = newId("job");
    const runId = newId("rel");
    const receiptId = newId("rcpt");
    await db.insert(receipts).values({ id: receiptId, operation: "releasebutler_create_release", inputsHash: "0".repeat(64), actor: "alice", status: "pending" });
    await db.insert(jobs).values({ id: jobId, module: "releasebutler", functionId: "releasebutler/create-release", input: { job_id: jobId, run_id: runId }, backend: "inngest", status: "running", principal: "alice" });
    await db.insert(releaseRuns).values({ id: runId, jobId, receiptId, repo: "acme/tools", tagName: "v1.0.0", input: { tool_input: {} }, principal: "alice", status: "running" });
    expect((await cancelJob(db, jobId, { principal: "alice" })).outcome).toBe("cancelled");
    const [run] = await db.select().from(releaseRuns).where(eq(releaseRuns.id, runId));
    expect(run).toMatchObject({ status: "failed", error: { code: "JOB_CANCELLED" } });
    const [rcpt] = await db.select().from(receipts).where(eq(receipts.id, receiptId));
    expect(rcpt).toMatchObject({ status: "failed" });
  });
});
