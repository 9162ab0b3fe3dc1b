/**
 * The view's side of the MCP Apps bridge (SEP-1865, 2026-01-26 "Communication Protocol"), as plain browser JavaScript
 * inlined into the dashboard HTML: JSON-RPC 2.0 over `postMessage` with the host (the parent window — the host itself
 * or its sandbox proxy, which relays). The view sends `ui/initialize`, then `ui/notifications/initialized`; it
 * handles `ui/notifications/tool-input`, `tool-result`, `tool-cancelled`, `host-context-changed`, answers `ping` and
 * `ui/resource-teardown`, and reports its height (`ui/notifications/size-changed`). Outgoing requests are the two the
 * view needs, both reads: `tools/call` of `sitelint_list_findings` (top rules) and `resources/read` of screenshots.
 *
 * Written without a framework or the ext-apps `App` class (whose browser bundle is ~330 kB with its dependencies);
 * the tests drive it with the ext-apps package's own host side (`AppBridge`). Shares one IIFE with `view-render.ts`.
 */
export const VIEW_BRIDGE_JS = String.raw`
var PROTOCOL_VERSION = "2026-01-26";
var REQUEST_TIMEOUT_MS = 20000;
var host = { capabilities: {}, context: {} };
var pending = {};
var nextId = 1;

function post(message) {
  // The view cannot know the host's origin (it sits in an opaque or sandbox origin); the spec's examples use "*".
  window.parent.postMessage(message, "*");
}

function request(method, params) {
  var id = nextId++;
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () {
      delete pending[id];
      reject(new Error(method + " got no answer"));
    }, REQUEST_TIMEOUT_MS);
    pending[id] = { resolve: resolve, reject: reject, timer: timer };
    post({ jsonrpc: "2.0", id: id, method: method, params: params });
  });
}

function notify(method, params) {
  post({ jsonrpc: "2.0", method: method, params: params || {} });
}

function onHostRequest(message) {
  if (message.method === "ping" || message.method === "ui/resource-teardown") {
    post({ jsonrpc: "2.0", id: message.id, result: {} });
    return;
  }
  post({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "Method not found" } });
}

function onHostNotification(method, params) {
  if (method === "ui/notifications/tool-input") state.input = isObject(params.arguments) ? params.arguments : null;
  else if (method === "ui/notifications/tool-result") renderResult(params);
  else if (method === "ui/notifications/tool-cancelled") renderMessage("The tool call was cancelled.");
  else if (method === "ui/notifications/host-context-changed") applyHostContext(params);
}

window.addEventListener("message", function (event) {
  if (event.source !== window.parent) return;
  var message = event.data;
  if (!isObject(message) || message.jsonrpc !== "2.0") return;
  if (typeof message.method === "string") {
    if (message.id !== undefined && message.id !== null) onHostRequest(message);
    else onHostNotification(message.method, isObject(message.params) ? message.params : {});
    return;
  }
  var waiting = pending[message.id];
  if (!waiting) return;
  delete pending[message.id];
  clearTimeout(waiting.timer);
  if (message.error) waiting.reject(new Error(text(message.error.message, 300) || "request failed"));
  else waiting.resolve(message.result);
});

function applyHostContext(context) {
  for (var key in context) host.context[key] = context[key];
  if (context.theme === "light" || context.theme === "dark") document.documentElement.setAttribute("data-theme", context.theme);
  var variables = isObject(context.styles) && isObject(context.styles.variables) ? context.styles.variables : {};
  for (var name in variables) {
    if (/^--[a-z0-9-]+$/.test(name) && typeof variables[name] === "string") document.documentElement.style.setProperty(name, variables[name]);
  }
}

var lastHeight = 0;
function reportSize() {
  var height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height === lastHeight) return;
  lastHeight = height;
  notify("ui/notifications/size-changed", { height: height });
}

request("ui/initialize", {
  appInfo: { name: "omniaudit-scan-dashboard", version: APP_VERSION },
  appCapabilities: { availableDisplayModes: ["inline"] },
  protocolVersion: PROTOCOL_VERSION,
}).then(function (result) {
  host.capabilities = isObject(result) && isObject(result.hostCapabilities) ? result.hostCapabilities : {};
  applyHostContext(isObject(result) && isObject(result.hostContext) ? result.hostContext : {});
  notify("ui/notifications/initialized", {});
  if (window.ResizeObserver) new ResizeObserver(reportSize).observe(document.body);
  reportSize();
}, function (error) {
  renderMessage("Could not connect to the host: " + error.message);
});
`;
