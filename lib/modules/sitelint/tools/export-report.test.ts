import { createHash } from "node:crypto";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { resetEnvForTests } from "@/lib/env";
import { getObjectStore } from "@/lib/object-store";
import { runTool } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";
import { withResourceLinks } from "@/lib/tools/resource-links";
import { runFixtureScan } from "../report/scan-fixture";
import { closeSharedBrowser } from "../shared-browser";

type Out = { ref: string; bytes: number; sha256: string; media_type: string; format: string; finding_count: number };
const call = (args: Record<string, unknown>) => runTool({ tool: findTool("sitelint_export_report")!, args, principal: "t", requestId: "r" });

describe("sitelint_export_report (through the runtime, a real scan)", () => {
  let site: StaticServer;
  let scanId: string;
  beforeAll(async () => {
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1";
    process.env.SITELINT_PAGE_TIMEOUT_MS = "15000";
    resetEnvForTests();
    site = await startStaticServer({
      root: os.tmpdir(),
      routes: { "/a.html": { body: `<!doctype html><html lang="en"><head><title>A</title></head><body><main><h1>A</h1><img src="/p.png" width="10" height="10"></main></body></html>` } },
    });
    scanId = await runFixtureScan({ url: site.url("/a.html"), crawlBudget: 1 });
  }, 120_000);
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("stores every format as an object whose bytes match the returned size and SHA-256, with a resource link", async () => {
    const store = getObjectStore();
    const types: Record<string, RegExp> = { json: /^application\/json/, html: /^text\/html/, csv: /^text\/csv/, sarif: /^application\/sarif\+json/, markdown: /^text\/markdown/ };
    let all = 0;
    for (const format of Object.keys(types)) {
      const r = await call({ scan_id: scanId, format });
      expect(r.isError, JSON.stringify(r)).toBeUndefined();
      const out = r.structuredContent as Out;
      expect(out).toMatchObject({ format, media_type: expect.stringMatching(types[format]!) });
      const bytes = await store.get(out.ref);
      expect(bytes.length).toBe(out.bytes);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(out.sha256);
      expect(out.ref).toBe(`sha256/${out.sha256}`);
      expect(out.finding_count).toBeGreaterThan(0);
      all = out.finding_count;
      const linked = await withResourceLinks("sitelint_export_report", r);
      expect(linked.content).toContainEqual(expect.objectContaining({ type: "resource_link", uri: `omniaudit://objects/sha256/${out.sha256}` }));
      if (format === "json") expect(JSON.parse(bytes.toString("utf8"))).toMatchObject({ schema_version: "1.0.0", scan: { scan_id: scanId } });
      if (format === "sarif") expect(JSON.parse(bytes.toString("utf8"))).toMatchObject({ version: "2.1.0" });
    }

    const high = (await call({ scan_id: scanId, format: "csv", min_severity: "high" })).structuredContent as Out;
    const csv = (await store.get(high.ref)).toString("utf8");
    expect(high.finding_count).toBeLessThan(all);
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(high.finding_count + 1);
    expect(csv).not.toMatch(/^"(medium|low|info)",/m);

    const byPage = (await call({ scan_id: scanId, format: "html", group_by: "page" })).structuredContent as Out;
    const page = (await store.get(byPage.ref)).toString("utf8");
    expect(page).toContain('data-testid="page-group"');
    expect(page).not.toContain('data-testid="rule-group"');
  });

  it("refuses an unknown scan and an unknown format with actionable errors", async () => {
    const unknown = await call({ scan_id: "scan_nope", format: "json" });
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(unknown.content)).toContain("NOT_FOUND");
    const bad = await call({ scan_id: scanId, format: "pdf" });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toContain("format");
  });
});
