import "server-only";
import type { McpServer, ReadResourceResult } from "@modelcontextprotocol/server";
import { SERVER_INFO } from "@/lib/version";
import { dashboardHtml } from "./mcp-app/dashboard-html";

/** The dashboard's resource URI (MCP Apps: UI resources use the `ui://` scheme). */
export const DASHBOARD_URI = "ui://omniaudit/scan-dashboard";

/**
 * The MIME type of MCP Apps HTML views (SEP-1865 2026-01-26: `resources/read` content MUST carry it). The same string
 * as `RESOURCE_MIME_TYPE` of `@modelcontextprotocol/ext-apps`, copied rather than imported: that package is built on
 * SDK v1 and is a development dependency here (the tests check the two agree).
 */
export const MCP_APP_MIME_TYPE = "text/html;profile=mcp-app";

/**
 * `_meta.ui.csp` of the view: no origin at all. The view loads nothing (inline script and style, screenshots as
 * `data:` URLs built from `resources/read` answers the host relays) and connects nowhere (every request goes through
 * the host bridge), so the host's restrictive default applies: no `connect-src`, no external `img-src`/`script-src`,
 * `frame-src 'none'`, `base-uri 'self'`. Declared explicitly (empty) because reviewers such as ChatGPT's flag a
 * missing CSP.
 */
export const DASHBOARD_CSP = Object.freeze({ connectDomains: [] as readonly string[], resourceDomains: [] as readonly string[] });

/** The view's HTML, built once at module load from `lib/tools/mcp-app/*` (a constant: same bytes for everyone). */
const HTML = dashboardHtml(SERVER_INFO.version);

const DESCRIPTION =
  "Dashboard of a SiteLint site audit (findings by severity, top rules by affected pages, pages with status, screenshots) or an AuditLens CI triage (headline, counts per class, findings). Rendered by MCP Apps hosts for sitelint_get_scan and auditlens_get_triage results; read-only.";

/**
 * Resource `_meta`, on the `resources/list` entry and on the read content (which takes precedence for hosts): the
 * standard `ui` object, plus ChatGPT's Apps SDK aliases — `openai/widgetCSP` (snake_case domain lists) and
 * `openai/widgetDescription` (what the model is told the widget shows) — for ChatGPT versions that read those.
 */
const resourceMeta = () => ({
  ui: { csp: { connectDomains: [...DASHBOARD_CSP.connectDomains], resourceDomains: [...DASHBOARD_CSP.resourceDomains] }, prefersBorder: true },
  "openai/widgetCSP": { connect_domains: [], resource_domains: [] },
  "openai/widgetDescription": "Shows the site audit or triage just returned; the numbers are also in the tool result.",
});

/** The tools whose results the view renders, with ChatGPT's status lines (Apps SDK: ≤ 64 characters each). */
const UI_TOOLS: Record<string, { invoking: string; invoked: string }> = {
  sitelint_get_scan: { invoking: "Loading the site audit…", invoked: "Site audit loaded" },
  auditlens_get_triage: { invoking: "Loading the triage…", invoked: "Triage loaded" },
};

/** The tools the view itself calls (through the host's `tools/call` proxy); all read-only. */
export const VIEW_CALLED_TOOLS = ["sitelint_list_findings"] as const;

/**
 * The `_meta` to put on the `tools/list` descriptor of `toolName`, or `undefined` for a tool the dashboard does not
 * render. For `sitelint_get_scan` and `auditlens_get_triage`:
 * - `ui.resourceUri` = {@link DASHBOARD_URI} (MCP Apps "Resource Discovery"; visibility left at its default, model and
 *   app) and the deprecated flat `"ui/resourceUri"` the ext-apps `registerAppTool` helper still writes for older hosts;
 * - ChatGPT's Apps SDK keys: `openai/outputTemplate` (the same URI), `openai/toolInvocation/invoking` and
 *   `/invoked` (status lines), `openai/widgetAccessible: true` (the view calls `sitelint_list_findings`).
 *
 * Tool RESULTS need none of these: MCP Apps hosts pick the view from the descriptor and hand the view the result
 * (`structuredContent`, `content`, `_meta`) as it is. Returns a fresh object per call.
 */
export function toolUiMeta(toolName: string): Record<string, unknown> | undefined {
  const status = UI_TOOLS[toolName];
  if (!status) return undefined;
  return {
    ui: { resourceUri: DASHBOARD_URI },
    "ui/resourceUri": DASHBOARD_URI,
    "openai/outputTemplate": DASHBOARD_URI,
    "openai/toolInvocation/invoking": status.invoking,
    "openai/toolInvocation/invoked": status.invoked,
    "openai/widgetAccessible": true,
  };
}

/**
 * Register the in-chat dashboard (an MCP App, SEP-1865 2026-01-26; docs/mcp-app.md) on `server`: the static resource
 * {@link DASHBOARD_URI}, listed by `resources/list` and read as one `text/html;profile=mcp-app` document with
 * `_meta.ui.csp` = {@link DASHBOARD_CSP} and `prefersBorder`. The HTML is self-contained and read-only: it renders the
 * tool result its host delivers (`ui/notifications/tool-result`) and asks the host only for reads — `tools/call` of
 * `sitelint_list_findings` (group_by rule) and `resources/read` of `omniaudit://objects/sha256/<hex>` screenshots;
 * hosts without those capabilities get the dashboard without the top rules or screenshots.
 *
 * Same bytes for every caller, so 2026-07-28 clients may cache a read for an hour in shared caches (`public`). Sets
 * the `resources` capability (`listChanged: false`) like `registerResources`. Call before `server.connect`.
 */
export function registerMcpApp(server: McpServer): void {
  server.server.registerCapabilities({ resources: { listChanged: false } });
  server.registerResource(
    "scan_dashboard",
    DASHBOARD_URI,
    { title: "OmniAudit dashboard", description: DESCRIPTION, mimeType: MCP_APP_MIME_TYPE, _meta: resourceMeta(), cacheHint: { ttlMs: 60 * 60 * 1000, cacheScope: "public" } },
    (): ReadResourceResult => ({ contents: [{ uri: DASHBOARD_URI, mimeType: MCP_APP_MIME_TYPE, text: HTML, _meta: resourceMeta() }] }),
  );
}
