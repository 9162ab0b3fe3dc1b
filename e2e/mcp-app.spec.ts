import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getToolUiResourceUri, RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/app-bridge";
import { CORPUS_MISSING, pngSize } from "./support/corpus";
import { callOk, connectMcp, waitForJob } from "./support/mcp";
import { cspHeaderOf, guardNetwork, mountApp, probeCsp, screenshotHost, startAppHost, type AppHost, type UiCsp } from "./support/mcp-app-host";

// The in-chat dashboard (MCP App, SEP-1865) end to end: a real scan through the official SDK client, the ui://
// resource read over MCP, rendered in Chromium by the ext-apps host side (AppBridge) behind a sandbox proxy whose CSP
// header comes from the resource's _meta.ui.csp; the host proxies the view's reads to the real server.

const URI = "ui://omniaudit/scan-dashboard";
const SEV = ["critical", "high", "medium", "low", "info"];
const base = () => process.env.OA_BASE_URL!;
const site = () => process.env.OA_SITE_ORIGIN!;

type Group = { rule_id: string; severity: string; page_count: number; finding_count: number };
type Scan = { scan_id: string; summary: { by_severity: Record<string, number> }; pages: { url: string; status: string; screenshot_ref: string | null }[] };

/** The view's order: most affected pages, then most findings, then most severe (stable for ties). */
const topRules = (groups: Group[]) =>
  [...groups].sort((a, b) => b.page_count - a.page_count || b.finding_count - a.finding_count || SEV.indexOf(a.severity) - SEV.indexOf(b.severity)).slice(0, 8).map((g) => g.rule_id);

test.describe("MCP App dashboard in a minimal ext-apps host", () => {
  let client: Client;
  let host: AppHost;
  test.beforeAll(async () => {
    client = await connectMcp(base());
    host = await startAppHost();
  });
  test.afterAll(async () => {
    await client?.close();
    await host?.close();
  });

  test("tools/list links sitelint_get_scan to the ui:// resource, which resources/list and resources/read serve with a strict CSP", async () => {
    const { tools } = await client.listTools();
    for (const name of ["sitelint_get_scan", "auditlens_get_triage"]) {
      const tool = tools.find((t) => t.name === name)!;
      expect(getToolUiResourceUri(tool), name).toBe(URI);
      expect(tool._meta?.["openai/outputTemplate"], name).toBe(URI);
      expect(tool.annotations?.readOnlyHint, name).toBe(true);
    }
    expect(tools.filter((t) => t._meta?.ui).map((t) => t.name).sort()).toEqual(["auditlens_get_triage", "sitelint_get_scan"]);
    const listed = (await client.listResources()).resources.find((r) => r.uri === URI);
    expect(listed).toMatchObject({ mimeType: RESOURCE_MIME_TYPE, _meta: { ui: { csp: { connectDomains: [], resourceDomains: [] } } } });
    const [content] = (await client.readResource({ uri: URI })).contents as { mimeType: string; text: string; _meta?: { ui?: { csp?: UiCsp } } }[];
    expect(content!.mimeType).toBe(RESOURCE_MIME_TYPE);
    expect(content!._meta?.ui?.csp).toEqual({ connectDomains: [], resourceDomains: [] });
    expect(content!.text).not.toMatch(/https?:\/\/|<script\b[^>]*\bsrc\s*=/i);
  });

  test("renders a real scan: severity counts, top rules, pages and screenshots match the tools; CSP enforced; nothing leaves localhost", async ({ page }, testInfo) => {
    test.skip(!site(), CORPUS_MISSING);
    const job = await callOk<{ job_id: string; scan_id: string }>(client, "sitelint_start_scan", { url: `${site()}/a11y/a11y_tester.html`, entry_paths: ["/seo/seo-failure-cases.html"], crawl_budget: 2 });
    expect((await waitForJob(client, job.job_id)).status).toBe("succeeded");

    const { tools } = await client.listTools();
    const readOnly = new Set(tools.filter((t) => t.annotations?.readOnlyHint === true).map((t) => t.name));
    const [content] = (await client.readResource({ uri: URI })).contents as { text: string; _meta?: { ui?: { csp?: UiCsp } } }[];
    const result = await client.callTool({ name: "sitelint_get_scan", arguments: { scan_id: job.scan_id } });
    const scan = result.structuredContent as Scan;
    const { groups } = await callOk<{ groups: Group[] }>(client, "sitelint_list_findings", { scan_id: job.scan_id, group_by: "rule", limit: 200 });
    const shots = [...new Set(scan.pages.map((p) => p.screenshot_ref?.match(/sha256\/([0-9a-f]{64})$/)?.[1]).filter(Boolean))] as string[];
    expect(shots.length).toBeGreaterThan(0);

    const net = await guardNetwork(page);
    const calls: string[] = [];
    const { view, locator } = await mountApp(page, host, {
      html: content!.text, csp: content!._meta?.ui?.csp, tool: tools.find((t) => t.name === "sitelint_get_scan")!, toolInput: { scan_id: job.scan_id }, toolResult: result,
      readResource: (p) => client.readResource(p),
      callTool: async (p) => {
        calls.push(p.name);
        if (!readOnly.has(p.name)) throw new Error(`this host only proxies read-only tools, not ${p.name}`);
        return client.callTool(p);
      },
    });

    for (const s of SEV) await expect(locator.locator(`[data-severity="${s}"]`)).toHaveText(String(scan.summary.by_severity[s] ?? 0));
    expect(Object.values(scan.summary.by_severity).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await expect.poll(() => locator.locator("[data-section=rules] li").evaluateAll((els) => els.map((e) => e.getAttribute("data-rule")))).toEqual(topRules(groups));
    await expect(locator.locator("[data-section=pages] tbody tr")).toHaveCount(scan.pages.length);
    for (const p of scan.pages) await expect(locator.locator("[data-section=pages] .url", { hasText: p.url }).first()).toBeVisible();
    const images = locator.locator("[data-section=screenshots] img");
    await expect(images).toHaveCount(Math.min(6, shots.length));
    await expect.poll(() => images.evaluateAll((els) => els.every((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth > 0))).toBe(true);
    const first = (await client.readResource({ uri: `omniaudit://objects/sha256/${shots[0]}` })).contents[0] as { blob: string };
    expect(await images.first().evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(pngSize(Buffer.from(first.blob, "base64")).width);
    expect(calls).toEqual(["sitelint_list_findings"]);

    const dir = path.resolve("test-results/mcp-app");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "scan-dashboard.png");
    await screenshotHost(page, file);
    await testInfo.attach("scan-dashboard", { path: file, contentType: "image/png" });

    // The sandbox served the policy the spec derives from the declared (empty) lists, and the browser enforces it.
    expect(host.servedCsp.at(-1)).toBe(cspHeaderOf(content!._meta?.ui?.csp));
    const probe = await probeCsp(view, "http://example.com/omniaudit-csp-probe.png", `${host.decoyUrl}/probe.json`);
    expect(probe).toMatchObject({ image: "error", fetch: "blocked" });
    expect(probe.violations).toEqual(expect.arrayContaining([
      { directive: "img-src", blocked: expect.stringMatching(/^http:\/\/example\.com/) },
      { directive: "connect-src", blocked: expect.stringContaining(host.decoyUrl) },
    ]));
    expect(host.decoyHits).toEqual([]);
    // The external probe was the only non-local request, refused by the CSP before any network access.
    await expect.poll(() => net.outside).toEqual([{ url: "http://example.com/omniaudit-csp-probe.png", failure: expect.stringMatching(/csp/i) }]);
    expect(net.routed).toEqual([]);
  });
});
