import { describe, expect, it } from "vitest";
import { findings, jobs, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { runTool } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";

const call = (args: Record<string, unknown>) => runTool({ tool: findTool("sitelint_compare_scans")!, args, principal: "t", requestId: "r" });

/** A final scan with findings at (rule, path, viewport); `fingerprint` is rule+path so the same place matches across scans. */
async function seedScan(o: { profile?: "quick" | "deep"; status?: "succeeded" | "running"; baseline?: string; mismatched?: boolean; at: [string, string, string][] }) {
  const db = await getDb();
  const scanId = newId("scan");
  const jobId = newId("job");
  await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "succeeded" });
  await db.insert(scans).values({
    id: scanId, jobId, url: "https://site.test/", origin: "https://site.test", profile: o.profile ?? "quick", viewportSet: "desktop_mobile", crawlBudget: 3,
    status: o.status ?? "succeeded", baselineScanId: o.baseline ?? null, options: o.mismatched ? { compare_mismatched: true } : {},
  });
  if (o.at.length) {
    await db.insert(findings).values(
      o.at.map(([ruleId, path, viewport]) => ({
        id: newId("fnd"), module: "sitelint" as const, sourceKind: "scan", sourceId: scanId, sourceTool: "test", ruleId, category: "accessibility", severity: "high" as const,
        title: `${ruleId} title`, confidence: 0.9, pageUrl: `https://site.test${path}`, viewport, fingerprint: `${ruleId}${path}`, refs: { axe: [ruleId] },
      })),
    );
  }
  return scanId;
}

describe("sitelint_compare_scans", () => {
  it("matches by fingerprint and viewport, bounds the lists, and keeps a stored compare_mismatched", async () => {
    const base = await seedScan({ profile: "deep", at: [["image-alt", "/a", "desktop"], ["image-alt", "/a", "mobile"], ["label", "/b", "desktop"], ["list", "/c", "desktop"]] });
    const head = await seedScan({ baseline: base, mismatched: true, at: [["image-alt", "/a", "desktop"], ["label", "/b", "mobile"], ["list", "/c", "desktop"], ["link-name", "/c", "desktop"]] });
    const r = await call({ scan_id: head, limit: 1 });
    expect(r.isError, JSON.stringify(r)).toBeUndefined();
    const out = r.structuredContent as { counts: Record<string, number>; new: { rule_id: string; viewport: string; refs: unknown }[]; fixed: unknown[]; truncated: boolean };
    // label moved from desktop to mobile: a new finding and a fixed one; image-alt on mobile is fixed.
    expect(out.counts).toEqual({ new: 2, fixed: 2, unchanged: 2 });
    expect(out.new).toHaveLength(1);
    expect(out.new[0]).toMatchObject({ refs: { axe: [expect.any(String)] } });
    expect(out.truncated).toBe(true);
    // Without the stored compare_mismatched the profile mismatch is refused, unless the caller allows it.
    const plain = await seedScan({ at: [] });
    const refused = await call({ scan_id: plain, baseline_scan_id: base });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain("allow_mismatch");
    expect((await call({ scan_id: plain, baseline_scan_id: base, allow_mismatch: true })).structuredContent).toMatchObject({ counts: { new: 0, fixed: 4, unchanged: 0 } });
  });

  it("answers CONFLICT while a scan is still running", async () => {
    const base = await seedScan({ at: [] });
    const running = await seedScan({ status: "running", baseline: base, at: [] });
    const r = await call({ scan_id: running });
    expect(r.isError).toBe(true);
    expect(JSON.stringify(r.content)).toContain("CONFLICT");
  });
});
