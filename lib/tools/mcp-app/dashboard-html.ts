import { VIEW_BRIDGE_JS } from "./view-bridge";
import { VIEW_RENDER_JS } from "./view-render";
import { VIEW_CSS } from "./view-style";

/**
 * What the inline sources must never contain: text ending their element early, external URLs or CSS loads, and — in
 * the script — markup parsing (results are hostile: the DOM is built from text nodes only) or network APIs (the view
 * talks to nothing but the host bridge).
 */
const FORBIDDEN = [/<\/(script|style)/i, /<!--/, /https?:\/\//i, /@import|url\(/i];
const FORBIDDEN_IN_SCRIPT = [/innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/, /\beval\(|new Function|import\(|importScripts/, /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon/];

/**
 * Check one inline source of the view against the forbidden patterns above.
 * @throws Error naming the pattern matched.
 */
export function assertSelfContained(kind: "script" | "style", source: string): void {
  const bad = [...FORBIDDEN, ...(kind === "script" ? FORBIDDEN_IN_SCRIPT : [])].find((re) => re.test(source));
  if (bad) throw new Error(`MCP App view ${kind} matches ${bad}: it must stay self-contained, inline and text-only`);
}

/**
 * The dashboard view: one self-contained HTML5 document (MCP Apps "Content Requirements") with its stylesheet and
 * script inline — no `src`, no external URL, no network use of its own; data arrives through the host bridge.
 * `version` is reported as `appInfo.version` in `ui/initialize`.
 * @throws Error when a source matches a forbidden pattern (breaking out of its element, an external URL, markup
 *   parsing, a network API) — a build-time guard: the sources are constants, so this fails at module load and in
 *   tests, never per request.
 */
export function dashboardHtml(version: string): string {
  const script = `(function () {\n"use strict";\nvar APP_VERSION = ${JSON.stringify(version).replace(/</g, "\\u003c")};\n${VIEW_RENDER_JS}\n${VIEW_BRIDGE_JS}\n})();`;
  assertSelfContained("script", script);
  assertSelfContained("style", VIEW_CSS);
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>OmniAudit dashboard</title>",
    `<style>${VIEW_CSS}</style>`,
    "</head>",
    "<body>",
    '<main id="app" aria-live="polite"><p class="muted">Waiting for a site audit or a triage from the host…</p></main>',
    `<script>${script}</script>`,
    "</body>",
    "</html>",
  ].join("\n");
}
