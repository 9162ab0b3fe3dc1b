import { describe, expect, it } from "vitest";
import { jobs, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { runTool } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";

describe("sitelint_get_scan", () => {
  it("counts every page of a large scan while listing at most 100", async () => {
    const db = await getDb();
    const scanId = newId("scan");
    const jobId = newId("job");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "succeeded" });
    await db.insert(scans).values({ id: scanId, jobId, url: "https://site.test/", origin: "https://site.test", profile: "quick", viewportSet: "desktop", crawlBudget: 150, status: "succeeded" });
    await db.insert(scanPages).values(
      Array.from({ length: 130 }, (_, i) => ({ id: newId("page"), scanId, url: `https://site.test/p${i}`, viewport: "desktop" as const, status: i % 10 === 0 ? ("failed" as const) : ("ok" as const) })),
    );
    const r = await runTool({ tool: findTool("sitelint_get_scan")!, args: { scan_id: scanId }, principal: "t", requestId: "r" });
    expect(r.isError, JSON.stringify(r)).toBeUndefined();
    expect(r.structuredContent).toMatchObject({ pages_done: 117, pages_failed: 13, pages_truncated: true });
    expect((r.structuredContent as { pages: unknown[] }).pages).toHaveLength(100);
  });
});
