// The dashboard rendered in Chromium by the ext-apps host side (AppBridge) behind a sandbox proxy whose CSP comes from
// the resource's _meta.ui.csp, fed by real tools over seeded data — including hostile page and rule titles.
import fs from "node:fs";
import path from "node:path";
import type { Client } from "@modelcontextprotocol/client";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findings, jobs, scanPages, scans } from "@/drizzle/schema";
import { cspHeaderOf, guardNetwork, mountApp, probeCsp, screenshotHost, startAppHost, type AppHost, type UiCsp } from "@/e2e/support/mcp-app-host";
import { CHROMIUM_ARGS, findChromium } from "@/lib/browser/chromium";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { summarizeScan } from "@/lib/modules/sitelint/finalize-scan";
import { getObjectStore } from "@/lib/object-store";
import { runTool } from "@/lib/runtime/run-tool";
import { eq } from "drizzle-orm";
import { DASHBOARD_URI, registerMcpApp, toolUiMeta } from "./mcp-app";
import { registerResources } from "./mcp-resources";
import { connectInMemory } from "./mcp-test-client";
import { findTool } from "./registry";

const OUT = path.resolve("test-results/mcp-app");
const SEV = ["critical", "high", "medium", "low", "info"];
type Group = { rule_id: string; severity: string; page_count: number; finding_count: number };

let client: Client;
let browser: Browser;
let host: AppHost;
let resource: { html: string; csp: UiCsp | undefined };

const call = (name: string, args: Record<string, unknown>) => runTool({ tool: findTool(name)!, args, principal: "render-test", requestId: "req-render" });

async function seedScan(decoy: string, png: Buffer) {
  const db = await getDb();
  const shot = (await getObjectStore().put(png)).ref;
  const jobId = newId("job");
  const scanId = newId("scan");
  await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "succeeded", progress: 1 });
  await db.insert(scans).values({ id: scanId, jobId, url: "https://shop.test/", origin: "https://shop.test", profile: "standard", viewportSet: "desktop", crawlBudget: 3, status: "succeeded", pagesPlanned: 3 });
  const hostile = `<img src="${decoy}/xss.png" onerror="parent.postMessage('pwned','*')">Shop & <b>co</b>`;
  await db.insert(scanPages).values([
    { id: newId("page"), scanId, url: "https://shop.test/", viewport: "desktop", status: "ok", httpStatus: 200, title: hostile, loadMs: 420, screenshotRef: shot, findingCount: 4 },
    { id: newId("page"), scanId, url: "https://shop.test/cart", viewport: "desktop", status: "ok", httpStatus: 200, title: "Cart", loadMs: 380, screenshotRef: `s3://bucket/prefix/${shot}`, findingCount: 2 },
    { id: newId("page"), scanId, url: "https://shop.test/broken", viewport: "desktop", status: "failed", error: { code: "NAVIGATION_TIMEOUT", message: "timed out" } },
  ]);
  const rows: [string, string, string, string][] = [
    ["header-csp", "low", "/", "security"], ["header-csp", "low", "/cart", "security"],
    ["image-alt", "high", "/", "accessibility"], ["image-alt", "high", "/cart", "accessibility"],
    ["seo-meta-description", "medium", "/", "seo"], ["color-contrast", "critical", "/", "accessibility"],
  ];
  await db.insert(findings).values(rows.map(([ruleId, severity, p, category], i) => ({
    id: newId("fnd"), module: "sitelint" as const, sourceKind: "scan", sourceId: scanId, sourceTool: "test", ruleId, category, severity: severity as "low",
    title: ruleId === "image-alt" ? `<script>parent.postMessage('pwned','*')</script> images need alt` : `${ruleId} title`, confidence: 0.9,
    pageUrl: `https://shop.test${p}`, viewport: "desktop", fingerprint: `${ruleId}${p}${i}`,
  })));
  await db.update(scans).set({ summary: await summarizeScan(db, scanId) }).where(eq(scans.id, scanId));
  return { scanId, hostile };
}

async function render(page: Page, toolName: string, toolInput: Record<string, unknown>, toolResult: Record<string, unknown>) {
  const calls: string[] = [];
  const mounted = await mountApp(page, host, {
    html: resource.html, csp: resource.csp, toolInput, toolResult,
    tool: { name: toolName, inputSchema: { type: "object" }, _meta: toolUiMeta(toolName) },
    readResource: (p) => client.readResource(p),
    callTool: async (p) => {
      calls.push(p.name);
      const tool = findTool(p.name);
      if (tool?.risk !== "read") throw new Error(`host refuses ${p.name}: not read-only`);
      return call(p.name, p.arguments ?? {});
    },
  });
  return { ...mounted, calls };
}

beforeAll(async () => {
  client = await connectInMemory((s) => {
    registerResources(s);
    registerMcpApp(s);
  });
  const c = (await client.readResource({ uri: DASHBOARD_URI })).contents[0] as { text: string; _meta?: { ui?: { csp?: UiCsp } } };
  resource = { html: c.text, csp: c._meta?.ui?.csp };
  browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: [...CHROMIUM_ARGS] });
  host = await startAppHost();
  fs.mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await client?.close();
});

describe("MCP App rendered by the ext-apps host bridge in Chromium", () => {
  it("shows a scan's counts, top rules, pages and screenshots; hostile titles stay text; the CSP blocks what the metadata did not declare", async () => {
    const shotPage = await browser.newPage({ viewport: { width: 640, height: 400 } });
    await shotPage.setContent("<body style='margin:0;font:32px sans-serif;background:#fde68a'><h1 style='padding:40px'>shop.test</h1></body>");
    const png = await shotPage.screenshot();
    await shotPage.close();
    const { scanId, hostile } = await seedScan(host.decoyUrl, png);
    const result = await call("sitelint_get_scan", { scan_id: scanId });
    const scan = result.structuredContent as { summary: { by_severity: Record<string, number> }; pages: unknown[] };
    const groups = ((await call("sitelint_list_findings", { scan_id: scanId, group_by: "rule", limit: 200 })).structuredContent as { groups: Group[] }).groups;

    const page = await browser.newPage({ viewport: { width: 960, height: 900 } });
    const net = await guardNetwork(page);
    const pwned: string[] = [];
    page.on("console", (m) => m.text().includes("pwned") && pwned.push(m.text()));
    const { view, locator, calls, appInfo } = await render(page, "sitelint_get_scan", { scan_id: scanId }, result as never);
    expect(appInfo?.name).toBe("omniaudit-scan-dashboard");

    for (const s of SEV) await expect.poll(() => locator.locator(`[data-severity="${s}"]`).textContent()).toBe(String(scan.summary.by_severity[s] ?? 0));
    expect(scan.summary.by_severity).toEqual({ critical: 1, high: 2, medium: 1, low: 2 });
    // Widest first: image-alt and header-csp on 2 pages (image-alt's 2 findings tie; high beats low), then the 1-page rules.
    await expect.poll(() => locator.locator("[data-section=rules] li").evaluateAll((els) => els.map((e) => e.getAttribute("data-rule")))).toEqual(["image-alt", "header-csp", "color-contrast", "seo-meta-description"]);
    expect(groups.map((g) => g.rule_id).sort()).toEqual(["color-contrast", "header-csp", "image-alt", "seo-meta-description"]);
    expect(await locator.locator("[data-section=pages] tbody tr").count()).toBe(scan.pages.length);
    expect(await locator.locator('[data-section=pages] tr[data-page="failed"]').textContent()).toContain("NAVIGATION_TIMEOUT");
    // The two refs name the same bytes (local and S3 forms): one screenshot, read through the host, shown as data:.
    await expect.poll(() => locator.locator("[data-section=screenshots] img").count()).toBe(1);
    const img = await locator.locator("[data-section=screenshots] img").evaluate((e: HTMLImageElement) => ({ src: e.src.slice(0, 22), w: e.naturalWidth, h: e.naturalHeight }));
    expect(img).toEqual({ src: "data:image/png;base64,", w: 640, h: 400 });

    // Hostile text is text: the title shows verbatim, no element came of it, nothing ran.
    expect(await locator.getByText(hostile, { exact: true }).count()).toBe(1);
    expect(await locator.getByText("<script>parent.postMessage('pwned','*')</script> images need alt").count()).toBe(1);
    expect(await view.evaluate(() => document.querySelectorAll("b, script:not(:first-of-type), img:not([src^='data:'])").length)).toBe(0);
    expect(calls).toEqual(["sitelint_list_findings"]);

    // CSP: the sandbox got the spec's policy for the declared (empty) lists; an undeclared origin is refused for
    // images and fetches, with violation reports, and never reached.
    expect(host.servedCsp.at(-1)).toBe(cspHeaderOf({ connectDomains: [], resourceDomains: [] }));
    expect(host.servedCsp.at(-1)).toContain("connect-src 'self';");
    const probe = await probeCsp(view, `${host.decoyUrl}/probe.png`, `${host.decoyUrl}/probe.json`);
    expect(probe.image).toBe("error");
    expect(probe.fetch).toBe("blocked");
    expect(probe.violations.map((v) => v.directive).sort()).toEqual(["connect-src", "img-src"]);
    expect(host.decoyHits).toEqual([]);
    const external = await probeCsp(view, "http://example.com/omniaudit-csp-probe.png", "https://example.com/omniaudit-csp-probe.json");
    expect(external).toMatchObject({ image: "error", fetch: "blocked" });
    expect(external.violations.map((v) => `${v.directive} ${v.blocked}`).sort()).toEqual(["connect-src https://example.com/omniaudit-csp-probe.json", "img-src http://example.com/omniaudit-csp-probe.png"]);
    // Chromium reports the blocked image as a request failed for "csp" (the blocked fetch not at all); none got further.
    await expect.poll(() => net.outside).toEqual([{ url: "http://example.com/omniaudit-csp-probe.png", failure: expect.stringMatching(/csp/i) }]);
    expect(net.routed).toEqual([]);
    expect(pwned).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { oaSizeChanges?: number }).oaSizeChanges ?? 0)).toBeGreaterThan(0);
    await screenshotHost(page, path.join(OUT, "scan-dashboard-unit.png"));
    await page.close();
  });

  it("shows a triage: headline, counts per class, new findings by severity and the findings", async () => {
    const triage = findTool("auditlens_get_triage")!.output.parse({
      triage_id: "tri_0123456789abcdef0123456789ab", status: "succeeded", repo: "acme/widgets", run_id: 42, head_sha: "a".repeat(40), base_branch: "main", base_run_id: 41,
      head_report_id: null, base_report_id: null, error: null, job: null,
      summary: { headline: "2 new critical/high findings since main; 1 flaky test.", counts: { new: 2, existing: 5, fixed: 1, broken: 0, flaky: 1 }, new_by_severity: { critical: 1, high: 1 } },
      findings: {
        new: { total: 2, items: [finding("critical", "SQL injection in <b>search</b>", "src/db.ts", 10), finding("high", "Outdated lodash", "package.json", null)] },
        broken: { total: 0, items: [] },
        flaky: { total: 1, items: [finding("medium", "test login flakes", "test/login.spec.ts", 3)] },
      },
    }) as Record<string, unknown>;
    const page = await browser.newPage({ viewport: { width: 960, height: 700 } });
    const net = await guardNetwork(page);
    const { locator, calls } = await render(page, "auditlens_get_triage", { triage_id: triage.triage_id }, { content: [{ type: "text", text: JSON.stringify(triage) }], structuredContent: triage });
    await expect.poll(() => locator.locator(".headline").textContent()).toBe("2 new critical/high findings since main; 1 flaky test.");
    expect(await locator.locator('[data-class="new"] b').textContent()).toBe("2");
    expect(await locator.locator('[data-class="existing"] b').textContent()).toBe("5");
    expect(await locator.locator('[data-severity="critical"]').textContent()).toBe("1");
    expect(await locator.getByText("SQL injection in <b>search</b>", { exact: true }).count()).toBe(1);
    expect(await locator.getByText("src/db.ts:10").count()).toBe(1);
    expect(calls).toEqual([]);
    expect(net.outside).toEqual([]);
    await screenshotHost(page, path.join(OUT, "triage-dashboard-unit.png"));
    await page.close();
  });
});

function finding(severity: string, title: string, p: string, line: number | null) {
  return {
    finding_id: newId("fnd"), severity, category: "security", title, confidence: 0.9, suggested_fix: null, evidence_refs: [], kind: "code", tool: "semgrep", sources: ["semgrep"],
    rule_id: "rule.x", location: { path: p, start_line: line, end_line: null, start_column: null }, cwe: [], vulnerability_ids: [], package: null, test: null, occurrences: 1, help_url: null, fingerprint: "f".repeat(64),
  };
}
