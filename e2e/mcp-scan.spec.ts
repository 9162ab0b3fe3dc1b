import { expect, test } from "@playwright/test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { A11Y_TESTER_WCAG_VIOLATIONS, CORPUS_MISSING } from "./support/corpus";
import { callOk, connectMcp, waitForJob } from "./support/mcp";

type Finding = { rule_id: string; page_url: string; severity: string; category: string; evidence_refs: string[]; fingerprint: string; selector: string | null; tags: string[] };

const base = () => process.env.OA_BASE_URL!;
const site = () => process.env.OA_SITE_ORIGIN!;

test.describe("MCP endpoint with the official SDK client", () => {
  let client: Client;
  test.beforeAll(async () => {
    client = await connectMcp(base());
  });
  test.afterAll(async () => client?.close());

  test("initialize reports the server and tools/list shows every tool with outputSchema and explicit annotations", async () => {
    expect(client.getServerVersion()?.name).toBe("omniaudit");
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["core_health", "core_list_jobs", "core_get_job", "core_describe_tool", "sitelint_start_scan", "sitelint_get_scan", "sitelint_list_findings"]));
    for (const t of tools) {
      expect(t.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(t.outputSchema?.type, t.name).toBe("object");
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(typeof t.annotations?.[hint], `${t.name}.${hint}`).toBe("boolean");
      }
    }
  });

  test("/api/mcp serves the same endpoint as /mcp, and dotted names are accepted", async () => {
    const other = await connectMcp(base(), "/api/mcp");
    const health = await callOk<{ status: string; database: { kind: string } }>(other, "core.health");
    expect(health.database.kind).toBe(process.env.OA_DB_KIND);
    await other.close();
  });

  test("sitelint.start_scan on the Lighthouse corpus finds the failures those pages are built to have", async () => {
    test.skip(!site(), CORPUS_MISSING);
    const started = Date.now();
    const job = await callOk<{ job_id: string; scan_id: string; status: string }>(client, "sitelint.start_scan", {
      url: `${site()}/a11y/a11y_tester.html`,
      entry_paths: ["/seo/seo-failure-cases.html", "/seo/seo-tester.html"],
      crawl_budget: 4,
    });
    expect(job.job_id).toMatch(/^job_/);
    expect(["queued", "running"]).toContain(job.status);
    const final = await waitForJob(client, job.job_id);
    expect(final.status, JSON.stringify(final)).toBe("succeeded");
    expect(final.progress).toBe(1);
    console.log(`scan of ${(final.progress_detail as { done: number }).done} page(s) took ${Date.now() - started} ms`);

    const scan = await callOk<{ status: string; pages: { url: string; status: string; screenshot_ref: string | null }[] }>(client, "sitelint_get_scan", { scan_id: job.scan_id });
    expect(scan.status).toBe("succeeded");
    expect(scan.pages.length).toBe(4);
    for (const p of scan.pages.filter((p) => p.status === "ok")) expect(p.screenshot_ref).toMatch(/^sha256\/[0-9a-f]{64}$/);

    const a11y = await callOk<{ findings: Finding[]; total: number }>(client, "sitelint_list_findings", { scan_id: job.scan_id, page: "/a11y/a11y_tester.html", category: "accessibility", limit: 200 });
    // Violations are exactly the tester's; standard also reports axe's undecided results, tagged needs-review (info).
    const violations = a11y.findings.filter((f) => !f.tags.includes("needs-review"));
    expect([...new Set(violations.map((f) => f.rule_id))].sort()).toEqual(A11Y_TESTER_WCAG_VIOLATIONS);
    expect(a11y.findings.filter((f) => f.tags.includes("needs-review")).every((f) => f.severity === "info")).toBe(true);
    for (const f of a11y.findings) {
      expect(f.evidence_refs[0]).toMatch(/^sha256\//);
      expect(f.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    }

    const seo = await callOk<{ findings: Finding[] }>(client, "sitelint_list_findings", { scan_id: job.scan_id, page: `${site()}/seo/seo-failure-cases.html`, category: "seo" });
    const seoRules = seo.findings.map((f) => f.rule_id);
    expect(seoRules).toContain("seo-meta-description");
    expect(seoRules).toContain("seo-noindex");

    const grouped = await callOk<{ groups: { rule_id: string; page_count: number; pages: string[] }[]; total: number }>(client, "sitelint_list_findings", { scan_id: job.scan_id, group_by: "rule", category: "security", limit: 200 });
    // Every page lacks a CSP: one group listing all four pages instead of four findings.
    const csp = grouped.groups.find((g) => g.rule_id === "header-csp");
    expect(csp?.page_count).toBe(4);
    expect(csp?.pages).toHaveLength(4);

    const filtered = await callOk<{ findings: Finding[]; total: number; truncated: boolean; next_offset: number | null }>(client, "sitelint_list_findings", { scan_id: job.scan_id, limit: 3 });
    expect(filtered.findings).toHaveLength(3);
    expect(filtered.truncated).toBe(true);
    expect(filtered.next_offset).toBe(3);
    const sevOrder = ["critical", "high", "medium", "low", "info"];
    const sevs = filtered.findings.map((f) => sevOrder.indexOf(f.severity));
    expect([...sevs].sort((a, b) => a - b)).toEqual(sevs);
  });
});
