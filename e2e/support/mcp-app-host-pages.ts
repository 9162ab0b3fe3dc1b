// The two browser pages of the minimal MCP Apps host used by the tests (mcp-app-host.ts serves them): the host page,
// which runs the ext-apps package's own host side (`AppBridge` + `PostMessageTransport`, bundled for the browser), and
// the sandbox proxy page on another origin (SEP-1865 2026-01-26 "Sandbox proxy").

/** The host page's script: `window.mountApp(options)` renders one view and delivers one tool result. */
const HOST_JS = String.raw`
window.mountApp = async function (o) {
  var ExtApps = window.ExtAppsHost;
  var iframe = document.createElement("iframe");
  iframe.id = "app";
  iframe.title = "MCP App view";
  // Spec "Sandbox proxy": the host wraps the view in a proxy of another origin with allow-scripts allow-same-origin.
  iframe.setAttribute("sandbox", "allow-scripts allow-same-origin");
  iframe.style.cssText = "display:block;width:" + o.width + "px;height:240px;border:1px solid #d0d7de;border-radius:8px";
  var proxyReady = new Promise(function (resolve) {
    window.addEventListener("message", function listener(e) {
      if (e.source === iframe.contentWindow && e.data && e.data.method === "ui/notifications/sandbox-proxy-ready") {
        window.removeEventListener("message", listener);
        resolve();
      }
    });
  });
  iframe.src = o.sandboxUrl;
  document.getElementById("slot").appendChild(iframe);
  await proxyReady;

  var bridge = new ExtApps.AppBridge(null, { name: "omniaudit-test-host", version: "1.0.0" },
    { serverTools: {}, serverResources: {}, logging: {}, sandbox: { csp: o.csp } },
    { hostContext: { theme: "light", displayMode: "inline", availableDisplayModes: ["inline"], platform: "web", locale: "en-US",
      containerDimensions: { width: o.width, maxHeight: 8000 }, toolInfo: { tool: o.tool } } });
  // Handlers before connect: the view may ask as soon as it is initialized.
  bridge.onreadresource = function (params) { return window.oaHostReadResource(params); };
  bridge.oncalltool = function (params) { return window.oaHostCallTool(params); };
  bridge.onsizechange = function (size) {
    if (typeof size.height === "number") iframe.style.height = size.height + "px";
    window.oaSizeChanges = (window.oaSizeChanges || 0) + 1;
  };
  var initialized = new Promise(function (resolve) { bridge.oninitialized = resolve; });
  await bridge.connect(new ExtApps.PostMessageTransport(iframe.contentWindow, iframe.contentWindow));
  await bridge.sendSandboxResourceReady({ html: o.html, csp: o.csp });
  await initialized;
  // The host MUST NOT message the view before it is initialized; then the input, then the result.
  await bridge.sendToolInput({ arguments: o.toolInput });
  await bridge.sendToolResult(o.toolResult);
  window.oaBridge = bridge;
  return { appInfo: bridge.getAppVersion(), appCapabilities: bridge.getAppCapabilities() };
};
`;

/** The host page: the bundled `AppBridge` (`bridgeBundle`, an IIFE defining `window.ExtAppsHost`) and {@link HOST_JS}. */
export function hostPage(bridgeBundle: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MCP Apps test host</title>
<style>body{font:14px system-ui,sans-serif;margin:16px;background:#f6f8fa}h1{font-size:16px}</style></head>
<body><h1>Minimal MCP Apps host (ext-apps AppBridge)</h1><div id="slot"></div>
<script>${bridgeBundle.replace(/<\/script/gi, "<\\/script")}</script>
<script>${HOST_JS}</script></body></html>`;
}

/**
 * The sandbox proxy page (spec "Sandbox proxy", steps 3–7): announces itself with
 * `ui/notifications/sandbox-proxy-ready`, loads the HTML of `ui/notifications/sandbox-resource-ready` into an inner
 * iframe (`srcdoc`, `sandbox="allow-scripts"`: an opaque origin that inherits this page's CSP, which the server sets as
 * a header from the resource's `_meta.ui.csp`), and relays every other message both ways — only from `hostOrigin`,
 * only to it.
 */
export function sandboxPage(hostOrigin: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;height:100%}iframe{display:block;border:0;width:100%;height:100%}</style></head>
<body><script>
(function () {
  var HOST = ${JSON.stringify(hostOrigin)};
  var inner = document.createElement("iframe");
  inner.setAttribute("sandbox", "allow-scripts");
  document.body.appendChild(inner);
  window.addEventListener("message", function (e) {
    if (e.source === window.parent) {
      if (e.origin !== HOST) return;
      var m = e.data;
      if (m && m.method === "ui/notifications/sandbox-resource-ready") { inner.srcdoc = m.params.html; return; }
      if (m && typeof m.method === "string" && m.method.indexOf("ui/notifications/sandbox-") === 0) return;
      if (inner.contentWindow) inner.contentWindow.postMessage(m, "*");
    } else if (e.source === inner.contentWindow) {
      window.parent.postMessage(e.data, HOST);
    }
  });
  window.parent.postMessage({ jsonrpc: "2.0", method: "ui/notifications/sandbox-proxy-ready", params: {} }, HOST);
})();
</script></body></html>`;
}
