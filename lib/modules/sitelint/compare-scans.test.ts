import os from "node:os";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { findings, jobs, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { runTool } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";
import { compareScans } from "./compare-scans";
import { runFixtureScan } from "./report/scan-fixture";
import { closeSharedBrowser } from "./shared-browser";

/** "/" has no extension for the static server to type it by. */
const HTML = { "content-type": "text/html; charset=utf-8" };
const doc = (title: string, body: string) => `<!doctype html><html lang="en"><head><title>${title}</title><meta name="description" content="${title} page"></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
/** Version 1 of the home page: an image without alt text. Version 2 fixes it and adds a button without a name. */
const HOME_V1 = doc("Home", `<img src="/pic.png" width="10" height="10"> <a href="/b.html">B</a>`);
const HOME_V2 = doc("Home", `<img src="/pic.png" width="10" height="10" alt="A picture"> <div style="margin:60px"><button style="width:48px;height:48px"></button></div> <a href="/b.html">B</a>`);
const key = (f: typeof findings.$inferSelect) => `${f.ruleId} ${new URL(f.pageUrl!).pathname} ${f.viewport}`;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
}

async function insertScan(o: { origin: string; profile?: "quick" | "deep"; viewportSet?: "desktop" | "mobile"; status?: "succeeded" | "running" }) {
  const db = await getDb();
  const id = newId("scan");
  const jobId = newId("job");
  await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "succeeded" });
  await db.insert(scans).values({ id, jobId, url: `${o.origin}/`, origin: o.origin, profile: o.profile ?? "quick", viewportSet: o.viewportSet ?? "desktop", crawlBudget: 2, status: o.status ?? "succeeded" });
  return id;
}

describe("compareScans (two real scans of a local site, a page edited between them)", () => {
  let site: StaticServer;
  const routes: Record<string, { body: string; headers?: Record<string, string> }> = { "/": { body: HOME_V1, headers: HTML }, "/b.html": { body: doc("B", `<form><input type="text" name="q"></form>`) } };
  let base: string;
  let head: string;
  beforeAll(async () => {
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
    process.env.SITELINT_PAGE_TIMEOUT_MS = "15000";
    resetEnvForTests();
    site = await startStaticServer({ root: os.tmpdir(), routes });
    base = await runFixtureScan({ url: site.url("/"), crawlBudget: 2 });
    routes["/"] = { body: HOME_V2, headers: HTML };
    head = await runFixtureScan({ url: site.url("/"), crawlBudget: 2, baselineScanId: base });
  }, 180_000);
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("reports the fixed violation as fixed, the added one as new, and every other finding as unchanged", async () => {
    const db = await getDb();
    const rowsOf = (id: string) => db.select().from(findings).where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, id)));
    const [baseRows, headRows] = await Promise.all([rowsOf(base), rowsOf(head)]);
    // The edit did what the test means it to: image-alt on / only in the base, button-name on / only in the head.
    expect(baseRows.map(key)).toContain("image-alt / desktop");
    expect(headRows.map(key)).toContain("button-name / desktop");
    expect(baseRows.map(key)).toContain("label /b.html desktop");

    const d = await compareScans(db, { baseScanId: base, headScanId: head });
    expect(d.new.map(key)).toEqual(["button-name / desktop"]);
    expect(d.fixed.map(key)).toEqual(["image-alt / desktop"]);
    expect(d.counts).toEqual({ new: 1, fixed: 1, unchanged: baseRows.length - 1 });
    expect(headRows.length).toBe(baseRows.length);
    // Unchanged = everything the base had except the fixed violation, matched by fingerprint (head's rows).
    expect(d.unchanged.map(key).sort()).toEqual(baseRows.map(key).filter((k) => k !== "image-alt / desktop").sort());
    expect(d.unchanged.every((f) => f.sourceId === head)).toBe(true);
    expect(d.fixed[0]!.sourceId).toBe(base);
    expect(d.truncated).toEqual({ new: false, fixed: false, unchanged: false });

    const cut = await compareScans(db, { baseScanId: base, headScanId: head, limit: 1 });
    expect(cut.unchanged).toHaveLength(1);
    expect(cut.truncated.unchanged).toBe(d.counts.unchanged > 1);
    expect(cut.counts).toEqual(d.counts);
  });

  it("refuses unknown ids, itself as baseline, other origins, other settings (unless allowed) and unfinished scans", async () => {
    const db = await getDb();
    expect(await codeOf(compareScans(db, { baseScanId: "scan_nope", headScanId: head }))).toBe("NOT_FOUND");
    expect(await codeOf(compareScans(db, { baseScanId: base, headScanId: "scan_nope" }))).toBe("NOT_FOUND");
    expect(await codeOf(compareScans(db, { baseScanId: head, headScanId: head }))).toBe("VALIDATION_ERROR");
    const other = await insertScan({ origin: "http://other.test" });
    expect(await codeOf(compareScans(db, { baseScanId: other, headScanId: head, allowMismatch: true }))).toBe("VALIDATION_ERROR");
    const deep = await insertScan({ origin: site.origin, profile: "deep" });
    const mismatch = compareScans(db, { baseScanId: deep, headScanId: head });
    await expect(mismatch).rejects.toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringContaining("allow_mismatch") });
    const mobile = await insertScan({ origin: site.origin, viewportSet: "mobile" });
    expect(await codeOf(compareScans(db, { baseScanId: mobile, headScanId: head }))).toBe("VALIDATION_ERROR");
    const allowed = await compareScans(db, { baseScanId: deep, headScanId: head, allowMismatch: true });
    expect(allowed.counts.fixed).toBe(0); // the inserted baseline has no findings: everything is new
    expect(allowed.counts.new).toBeGreaterThan(0);
    const running = await insertScan({ origin: site.origin, status: "running" });
    await expect(compareScans(db, { baseScanId: running, headScanId: head })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("still running") });
  });

  it("sitelint_compare_scans (through the runtime) diffs against the stored baseline; sitelint_get_scan summarises it", async () => {
    const call = (name: string, args: Record<string, unknown>) => runTool({ tool: findTool(name)!, args, principal: "t", requestId: "r" });
    const r = await call("sitelint_compare_scans", { scan_id: head });
    expect(r.isError, JSON.stringify(r)).toBeUndefined();
    const out = r.structuredContent as { baseline_scan_id: string; counts: Record<string, number>; new: { rule_id: string; refs: unknown; fingerprint: string }[]; fixed: { rule_id: string }[]; console_url: string };
    expect(out.baseline_scan_id).toBe(base);
    expect(out.counts).toMatchObject({ new: 1, fixed: 1 });
    expect(out.new.map((f) => f.rule_id)).toEqual(["button-name"]);
    expect(out.new[0]).toHaveProperty("refs");
    expect(out.fixed.map((f) => f.rule_id)).toEqual(["image-alt"]);
    expect(out.console_url).toMatch(/\/jobs\/job_[^/]+\?view=rule#findings$/);

    const none = await call("sitelint_compare_scans", { scan_id: base });
    expect(none.isError).toBe(true);
    expect(JSON.stringify(none.content)).toContain("has no baseline");
    const unknown = await call("sitelint_compare_scans", { scan_id: head, baseline_scan_id: "scan_nope" });
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(unknown.content)).toContain("NOT_FOUND");

    const got = (await call("sitelint_get_scan", { scan_id: head })).structuredContent as { baseline: unknown };
    expect(got.baseline).toEqual({ baseline_scan_id: base, new: 1, fixed: 1, unchanged: out.counts.unchanged });
    expect(((await call("sitelint_get_scan", { scan_id: base })).structuredContent as { baseline: unknown }).baseline).toBeNull();
  });
});
