import { describe, expect, it } from "vitest";
import { findings, jobs, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { runTool } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";

const tool = findTool("sitelint_list_findings")!;
const call = (args: Record<string, unknown>) => runTool({ tool, args, principal: "t", requestId: "r" });

async function seed() {
  const db = await getDb();
  const scanId = newId("scan");
  const jobId = newId("job");
  await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "succeeded" });
  await db.insert(scans).values({ id: scanId, jobId, url: "https://site.test/", origin: "https://site.test", profile: "quick", viewportSet: "desktop_mobile", crawlBudget: 3, status: "succeeded" });
  const rows: [string, "critical" | "high" | "low", string, string][] = [
    ["image-alt", "high", "/a", "desktop"], ["image-alt", "high", "/b", "desktop"], ["image-alt", "high", "/c", "desktop"],
    ["seo-noindex", "critical", "/b", "desktop"],
    ["header-csp", "low", "/a", "desktop"], ["header-csp", "low", "/a", "mobile"], ["header-csp", "low", "/b", "desktop"], ["header-csp", "low", "/b", "mobile"],
  ];
  await db.insert(findings).values(
    rows.map(([ruleId, severity, path, viewport]) => ({
      id: newId("fnd"), module: "sitelint" as const, sourceKind: "scan", sourceId: scanId, sourceTool: "test", ruleId, category: ruleId.startsWith("seo") ? "seo" : ruleId.startsWith("header") ? "security" : "accessibility",
      severity, title: `${ruleId} title`, confidence: 0.9, pageUrl: `https://site.test${path}`, viewport, fingerprint: `${ruleId}${path}`,
    })),
  );
  return scanId;
}

describe("sitelint_list_findings", () => {
  it("groups one rule's findings across pages, most severe then most widespread first, with paging over groups", async () => {
    const scanId = await seed();
    const r = await call({ scan_id: scanId, group_by: "rule" });
    expect(r.isError, JSON.stringify(r)).toBeUndefined();
    const out = r.structuredContent as { findings: unknown[]; groups: { rule_id: string; page_count: number; finding_count: number; pages: string[]; pages_truncated: boolean }[]; total: number; truncated: boolean };
    expect(out.findings).toEqual([]);
    expect(out.total).toBe(3);
    expect(out.groups.map((g) => [g.rule_id, g.page_count, g.finding_count])).toEqual([["seo-noindex", 1, 1], ["image-alt", 3, 3], ["header-csp", 2, 4]]);
    expect(out.groups[1]!.pages).toEqual(["https://site.test/a", "https://site.test/b", "https://site.test/c"]);
    expect(out.groups[1]!.pages_truncated).toBe(false);

    const paged = (await call({ scan_id: scanId, group_by: "rule", limit: 2 })).structuredContent as { groups: unknown[]; truncated: boolean; next_offset: number };
    expect(paged.groups).toHaveLength(2);
    expect(paged).toMatchObject({ truncated: true, next_offset: 2 });
    const filtered = (await call({ scan_id: scanId, group_by: "rule", severity: ["low", "high"], page: "/a" })).structuredContent as { groups: { rule_id: string; finding_count: number }[] };
    expect(filtered.groups.map((g) => [g.rule_id, g.finding_count])).toEqual([["image-alt", 1], ["header-csp", 2]]);
  });

  it("lists findings flat by default, most severe first, counting findings", async () => {
    const scanId = await seed();
    const out = (await call({ scan_id: scanId, limit: 5 })).structuredContent as { findings: { rule_id: string; severity: string }[]; groups: null; total: number; next_offset: number };
    expect(out.groups).toBeNull();
    expect(out.total).toBe(8);
    expect(out.next_offset).toBe(5);
    expect(out.findings[0]).toMatchObject({ rule_id: "seo-noindex", severity: "critical" });
    const bad = await call({ scan_id: scanId, page: "mailto:x@example.com" });
    expect(bad.isError).toBe(true);
  });
});
