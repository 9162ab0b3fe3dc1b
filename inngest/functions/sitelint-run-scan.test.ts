import path from "node:path";
import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { closeSharedBrowser } from "@/lib/modules/sitelint/shared-browser";
import { corpusDir } from "@/e2e/support/corpus";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { sitelintRunScan } from "./sitelint-run-scan";

const corpus = corpusDir();

describe.skipIf(!corpus)("sitelint/run-scan as an Inngest function (@inngest/test)", () => {
  let site: StaticServer;
  beforeAll(async () => {
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
    resetEnvForTests();
    site = await startStaticServer({ root: path.join(corpus!, "sites", "lighthouse") });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("runs every page as a step, stores pages and findings, and marks the job and scan succeeded", async () => {
    const db = await getDb();
    const jobId = newId("job");
    const scanId = newId("scan");
    const url = site.url("/seo/seo-failure-cases.html");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: { job_id: jobId, scan_id: scanId }, backend: "inngest" });
    await db.insert(scans).values({ id: scanId, jobId, url, origin: site.origin, profile: "quick", viewportSet: "desktop_mobile", crawlBudget: 2, entryPaths: ["/simple-page.html"] });

    const t = new InngestTestEngine({ function: sitelintRunScan.fn, events: [{ name: "sitelint/scan.requested", data: { job_id: jobId, scan_id: scanId } }] });
    const { result, error, ctx } = await t.execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ status: "succeeded", pages_ok: 4, pages_failed: 0 });
    expect(ctx.step.run).toHaveBeenCalledWith(`page:${url}`, expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("job:finish", expect.any(Function));

    const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    expect(job).toMatchObject({ status: "succeeded", progress: 1 });
    const pages = await db.select().from(scanPages).where(eq(scanPages.scanId, scanId));
    expect(pages.map((p) => `${new URL(p.url).pathname} ${p.viewport}`).sort()).toEqual([
      "/seo/seo-failure-cases.html desktop",
      "/seo/seo-failure-cases.html mobile",
      "/simple-page.html desktop",
      "/simple-page.html mobile",
    ]);
  });
});
