import vm from "node:vm";
import type { Client } from "@modelcontextprotocol/client";
import { getToolUiResourceUri, McpUiResourceMetaSchema, RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/app-bridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_CSP, DASHBOARD_URI, MCP_APP_MIME_TYPE, registerMcpApp, toolUiMeta, VIEW_CALLED_TOOLS } from "./mcp-app";
import { assertSelfContained, dashboardHtml } from "./mcp-app/dashboard-html";
import { registerResources } from "./mcp-resources";
import { connectInMemory } from "./mcp-test-client";
import { findTool, tools } from "./registry";

let client: Client;
beforeAll(async () => {
  client = await connectInMemory((s) => {
    registerResources(s);
    registerMcpApp(s);
  });
});
afterAll(() => client.close());

type Content = { uri: string; mimeType?: string; text?: string; _meta?: Record<string, unknown> };
const read = async () => (await client.readResource({ uri: DASHBOARD_URI })).contents as Content[];

describe("MCP App resource", () => {
  it("is listed by resources/list beside the omniaudit:// records, with the MCP Apps MIME type and its CSP", async () => {
    const { resources } = await client.listResources();
    const app = resources.find((r) => r.uri === DASHBOARD_URI);
    expect(app).toMatchObject({ name: "scan_dashboard", title: "OmniAudit dashboard", mimeType: "text/html;profile=mcp-app", description: expect.stringContaining("sitelint_get_scan") });
    expect(app?._meta).toMatchObject({ ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } });
    expect(MCP_APP_MIME_TYPE).toBe(RESOURCE_MIME_TYPE);
    expect(DASHBOARD_URI.startsWith("ui://")).toBe(true);
    expect(client.getServerCapabilities()?.resources).toEqual({ listChanged: false });
  });

  it("reads as one HTML document with _meta.ui.csp declaring no origin at all (valid for ext-apps' schema)", async () => {
    const contents = await read();
    expect(contents).toHaveLength(1);
    const [c] = contents;
    expect(c).toMatchObject({ uri: DASHBOARD_URI, mimeType: RESOURCE_MIME_TYPE });
    expect(c!.text).toMatch(/^<!doctype html>/i);
    const ui = McpUiResourceMetaSchema.parse(c!._meta?.ui);
    expect(ui.csp).toEqual({ connectDomains: [], resourceDomains: [] });
    expect(ui.csp).toEqual({ ...DASHBOARD_CSP });
    expect(ui.prefersBorder).toBe(true);
    expect(c!._meta?.["openai/widgetCSP"]).toEqual({ connect_domains: [], resource_domains: [] });
    expect(Object.isFrozen(DASHBOARD_CSP)).toBe(true);
  });

  it("is self-contained: no external URL, no script/style/img/iframe/link loading anything, no network API, script compiles", async () => {
    const html = (await read())[0]!.text!;
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}\//i); // protocol-relative URLs too
    expect(html).not.toMatch(/<script\b[^>]*\bsrc\s*=/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|base|form|meta\s+http-equiv)\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html.match(/<script\b/gi)).toHaveLength(1);
    expect(html.match(/<style\b/gi)).toHaveLength(1);
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    expect(() => new vm.Script(script)).not.toThrow();
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon/);
    // The only tool the view calls is read-only, and it asks the host for nothing else that writes.
    expect([...script.matchAll(/name: "([a-z_]+)"/g)].map((m) => m[1])).toEqual([...VIEW_CALLED_TOOLS]);
    expect(script).not.toMatch(/ui\/message|ui\/open-link|ui\/update-model-context|ui\/download-file/);
    expect(html).toBe(dashboardHtml((await import("@/lib/version")).SERVER_INFO.version));
  });

  it("refuses sources that would break the view's isolation (the load-time guard)", () => {
    expect(() => assertSelfContained("style", "body{background:url(x.png)}")).toThrow(/url/);
    expect(() => assertSelfContained("script", "var a = 'https://cdn.example/x.js';")).toThrow(/https/);
    expect(() => assertSelfContained("script", "root.innerHTML = title;")).toThrow(/innerHTML/);
    expect(() => assertSelfContained("script", "fetch('/api');")).toThrow(/fetch/);
    expect(() => assertSelfContained("script", "var s = '</script><script>alert(1)';")).toThrow(/script/);
    expect(() => assertSelfContained("script", "var ok = document.createTextNode(title);")).not.toThrow();
  });

  it("serves the 2026-07-28 era too, with a public one-hour cache hint (same bytes for every caller)", async () => {
    const modern = await connectInMemory(registerMcpApp, "modern");
    try {
      const r = await modern.readResource({ uri: DASHBOARD_URI });
      expect(r.contents[0]).toMatchObject({ mimeType: RESOURCE_MIME_TYPE });
      expect(r).toMatchObject({ ttlMs: 3_600_000, cacheScope: "public" });
    } finally {
      await modern.close();
    }
  });
});

describe("toolUiMeta", () => {
  it("links sitelint_get_scan and auditlens_get_triage to the view, with ChatGPT's alias and status lines", () => {
    expect(toolUiMeta("sitelint_get_scan")).toEqual({
      ui: { resourceUri: "ui://omniaudit/scan-dashboard" },
      "ui/resourceUri": "ui://omniaudit/scan-dashboard",
      "openai/outputTemplate": "ui://omniaudit/scan-dashboard",
      "openai/toolInvocation/invoking": "Loading the site audit…",
      "openai/toolInvocation/invoked": "Site audit loaded",
      "openai/widgetAccessible": true,
    });
    expect(toolUiMeta("auditlens_get_triage")).toMatchObject({ ui: { resourceUri: DASHBOARD_URI }, "openai/outputTemplate": DASHBOARD_URI, "openai/toolInvocation/invoked": "Triage loaded" });
  });

  it("leaves every other tool alone, and hands out a fresh object each time", () => {
    const linked = tools.map((t) => t.name).filter((n) => toolUiMeta(n));
    expect(linked.sort()).toEqual(["auditlens_get_triage", "sitelint_get_scan"]);
    expect(toolUiMeta("sitelint_list_findings")).toBeUndefined();
    expect(toolUiMeta("sitelint.get_scan")).toBeUndefined();
    expect(toolUiMeta("nope")).toBeUndefined();
    const a = toolUiMeta("sitelint_get_scan")!;
    (a.ui as Record<string, unknown>).resourceUri = "ui://tampered";
    expect(toolUiMeta("sitelint_get_scan")!.ui).toEqual({ resourceUri: DASHBOARD_URI });
  });

  it("is what ext-apps' host side reads, names only read-only tools, and keeps ChatGPT's status lines ≤ 64 characters", () => {
    for (const name of ["sitelint_get_scan", "auditlens_get_triage", ...VIEW_CALLED_TOOLS]) expect(findTool(name)?.risk, name).toBe("read");
    for (const name of ["sitelint_get_scan", "auditlens_get_triage"]) {
      const meta = toolUiMeta(name)!;
      expect(getToolUiResourceUri({ name, inputSchema: { type: "object" }, _meta: meta })).toBe(DASHBOARD_URI);
      for (const key of ["openai/toolInvocation/invoking", "openai/toolInvocation/invoked"]) expect(String(meta[key]).length).toBeLessThanOrEqual(64);
    }
  });
});
