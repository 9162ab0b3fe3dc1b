/**
 * The view's rendering, as plain browser JavaScript inlined into the dashboard HTML (one IIFE with
 * `view-bridge.ts`). Everything shown comes from tool results, and results carry text from audited sites and CI
 * reports (page titles, URLs, rule titles, file paths) — hostile input. So the DOM is only ever built with
 * `createElement` and text nodes (`el`), never from markup; attributes set are class names, numbers, an `alt` text and
 * `data:` image URLs checked against an image-type allowlist and the base64 alphabet.
 *
 * Renders `sitelint_get_scan` (severity counts, top rules by affected pages — fetched with `sitelint_list_findings`
 * group_by rule through the host —, pages with status, screenshots read through the host as
 * `omniaudit://objects/sha256/<hex>`) and `auditlens_get_triage` (headline, counts per class, new findings by
 * severity, the findings listed).
 */
export const VIEW_RENDER_JS = String.raw`
var SEVERITIES = ["critical", "high", "medium", "low", "info"];
var IMAGE_TYPES = { "image/png": true, "image/jpeg": true, "image/webp": true };
var BASE64 = /^[A-Za-z0-9+\/]+={0,2}$/;
var OBJECT_REF = /(?:^|\/)sha256\/([0-9a-f]{64})$/;
var MAX_SCREENSHOTS = 6;
var TOP_RULES = 8;
var root = document.getElementById("app");
var state = { input: null, render: 0 };

function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
function list(v) { return Array.isArray(v) ? v : []; }
function count(v) { return typeof v === "number" && isFinite(v) && v > 0 ? Math.floor(v) : 0; }
function text(v, max) {
  var s = typeof v === "string" ? v : typeof v === "number" && isFinite(v) ? String(v) : "";
  return s.length > max ? s.slice(0, max - 1) + "\u2026" : s;
}
function severity(v) { return SEVERITIES.indexOf(v) >= 0 ? v : "info"; }

/** An element with a class and children: nodes are appended, anything else becomes a text node. */
function el(tag, className, children) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  list(children).forEach(function (child) {
    if (child === null || child === undefined || child === false) return;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  });
  return node;
}
function replace(node, children) {
  while (node.firstChild) node.removeChild(node.firstChild);
  list(children).forEach(function (child) { node.appendChild(child); });
}
function section(id, title, body) {
  var s = el("section", null, [el("h2", null, [title]), body]);
  s.setAttribute("data-section", id);
  return s;
}
function badge(value) { return el("span", "badge sev-" + severity(value), [severity(value)]); }
function muted(message) { return el("p", "muted", [message]); }

function renderMessage(message) {
  state.render++;
  replace(root, [muted(message)]);
}

/** The result's data: structuredContent, else the JSON text copy some hosts pass instead. */
function dataOf(result) {
  if (isObject(result.structuredContent)) return result.structuredContent;
  var first = list(result.content).filter(function (c) { return isObject(c) && c.type === "text"; })[0];
  try {
    var parsed = first ? JSON.parse(first.text) : null;
    return isObject(parsed) ? parsed : null;
  } catch (e) {
    return null;
  }
}

function renderResult(result) {
  if (!isObject(result)) return renderMessage("No result to show.");
  var data = dataOf(result);
  if (result.isError) {
    var first = list(result.content).filter(function (c) { return isObject(c) && c.type === "text"; })[0];
    return renderMessage("The tool returned an error: " + text(first && first.text, 500));
  }
  if (!data) return renderMessage("No structured result to show.");
  var run = ++state.render;
  if (typeof data.scan_id === "string" && Array.isArray(data.pages)) renderScan(data, run);
  else if (typeof data.triage_id === "string") renderTriage(data);
  else renderMessage("This result is neither a site audit nor a triage.");
}

function severityBars(counts) {
  counts = isObject(counts) ? counts : {};
  var max = Math.max.apply(null, SEVERITIES.map(function (s) { return count(counts[s]); }).concat([1]));
  var rows = el("div", "bars", []);
  SEVERITIES.forEach(function (s) {
    var n = count(counts[s]);
    var fill = el("span", null, []);
    fill.style.width = Math.round((n / max) * 100) + "%";
    var value = el("span", "count", [n]);
    value.setAttribute("data-severity", s);
    [el("span", "sev-" + s, [s]), el("div", "bar sev-" + s, [fill]), value].forEach(function (c) { rows.appendChild(c); });
  });
  return rows;
}

/** Rules sorted by affected pages, then findings, then severity: the widest problems first. */
function topRules(groups) {
  return list(groups).filter(isObject).slice().sort(function (a, b) {
    return count(b.page_count) - count(a.page_count) || count(b.finding_count) - count(a.finding_count) ||
      SEVERITIES.indexOf(severity(a.severity)) - SEVERITIES.indexOf(severity(b.severity));
  }).slice(0, TOP_RULES);
}
function rulesList(groups) {
  var top = topRules(groups);
  if (!top.length) return muted("No findings.");
  return el("ol", "rules", top.map(function (g) {
    var pages = count(g.page_count), findings = count(g.finding_count);
    var item = el("li", null, [badge(g.severity), " ", el("span", null, [text(g.title, 200)]), " ", el("code", null, [text(g.rule_id, 100)]),
      el("div", "muted", [pages + (pages === 1 ? " page" : " pages") + " \u00b7 " + findings + (findings === 1 ? " finding" : " findings")])]);
    item.setAttribute("data-rule", text(g.rule_id, 100));
    return item;
  }));
}

function pagesTable(pages) {
  var head = el("tr", null, ["Page", "Viewport", "Status", "Findings", "Load ms"].map(function (h) { return el("th", null, [h]); }));
  var rows = list(pages).filter(isObject).map(function (p) {
    var ok = p.status === "ok";
    var status = ok ? "ok" + (typeof p.http_status === "number" ? " (" + p.http_status + ")" : "") : "failed" + (isObject(p.error) ? ": " + text(p.error.code, 60) : "");
    var row = el("tr", null, [
      el("td", null, [el("div", "url", [text(p.url, 300)]), p.title ? el("div", "title", [text(p.title, 200)]) : null]),
      el("td", null, [text(p.viewport, 20)]),
      el("td", ok ? null : "failed", [status]),
      el("td", "num", [count(p.finding_count)]),
      el("td", "num", [typeof p.load_ms === "number" ? count(p.load_ms) : "\u2013"]),
    ]);
    row.setAttribute("data-page", ok ? "ok" : "failed");
    return row;
  });
  return el("table", null, [el("thead", null, [head]), el("tbody", null, rows)]);
}

function renderScan(scan, run) {
  var summary = isObject(scan.summary) ? scan.summary : {};
  var rules = el("div", null, [muted("Loading the rules\u2026")]);
  var shots = el("div", "shots", []);
  replace(root, [
    el("header", null, [el("h1", null, ["Site audit"]), el("p", "url", [text(scan.url, 300)]),
      el("p", "meta", [text(scan.status, 20) + " \u00b7 " + text(scan.profile, 20) + " profile \u00b7 " + count(scan.pages_done) + " pages ok, " +
        count(scan.pages_failed) + " failed \u00b7 " + count(summary.findings_total) + " findings"])]),
    section("severity", "Findings by severity", severityBars(summary.by_severity)),
    section("rules", "Top rules by affected pages", rules),
    section("pages", "Pages", pagesTable(scan.pages)),
    section("screenshots", "Screenshots", shots),
  ]);
  loadRules(scan.scan_id, rules, run);
  loadScreenshots(list(scan.pages), shots, run);
}

function loadRules(scanId, box, run) {
  if (!isObject(host.capabilities.serverTools)) return replace(box, [muted("This host does not let the view call tools.")]);
  request("tools/call", { name: "sitelint_list_findings", arguments: { scan_id: scanId, group_by: "rule", limit: 200 } }).then(function (result) {
    if (run !== state.render) return;
    var data = isObject(result) ? dataOf(result) : null;
    replace(box, [data && !result.isError ? rulesList(data.groups) : muted("The rules could not be listed.")]);
  }, function (error) {
    if (run === state.render) replace(box, [muted("The rules could not be listed: " + error.message)]);
  });
}

function loadScreenshots(pages, box, run) {
  var seen = {};
  var wanted = pages.filter(isObject).map(function (p) {
    var match = typeof p.screenshot_ref === "string" ? OBJECT_REF.exec(p.screenshot_ref) : null;
    if (!match || seen[match[1]]) return null;
    seen[match[1]] = true;
    return { hex: match[1], page: p };
  }).filter(Boolean).slice(0, MAX_SCREENSHOTS);
  if (!wanted.length) return replace(box, [muted("No screenshots.")]);
  if (!isObject(host.capabilities.serverResources)) return replace(box, [muted("This host does not let the view read resources.")]);
  replace(box, wanted.map(function (w) {
    var placeholder = el("div", "ph", ["Loading\u2026"]);
    var figure = el("figure", null, [placeholder, el("figcaption", null, [text(w.page.url, 200) + " \u00b7 " + text(w.page.viewport, 20)])]);
    request("resources/read", { uri: "omniaudit://objects/sha256/" + w.hex }).then(function (result) {
      var c = isObject(result) ? list(result.contents)[0] : null;
      if (!isObject(c) || !IMAGE_TYPES[c.mimeType] || typeof c.blob !== "string" || !BASE64.test(c.blob)) throw new Error("not an image");
      if (run !== state.render) return;
      var img = document.createElement("img");
      img.alt = "Screenshot of " + text(w.page.url, 200);
      img.src = "data:" + c.mimeType + ";base64," + c.blob;
      figure.replaceChild(img, placeholder);
    }).catch(function () {
      replace(placeholder, [document.createTextNode("Screenshot unavailable")]);
    });
    return figure;
  }));
}

var TRIAGE_CLASSES = ["new", "broken", "flaky", "existing", "fixed"];
function renderTriage(t) {
  var summary = isObject(t.summary) ? t.summary : {};
  var found = isObject(t.findings) ? t.findings : {};
  var counts = isObject(summary.counts) ? summary.counts : {};
  var classes = el("div", "classes", TRIAGE_CLASSES.map(function (c) {
    var n = isObject(found[c]) ? count(found[c].total) : count(counts[c]);
    var box = el("div", "class", [el("b", null, [n]), el("span", null, [c])]);
    box.setAttribute("data-class", c);
    return box;
  }));
  var lists = TRIAGE_CLASSES.filter(function (c) { return isObject(found[c]) && list(found[c].items).length; }).map(function (c) {
    return section("class-" + c, c + " (" + count(found[c].total) + ")", el("ul", null, list(found[c].items).filter(isObject).map(function (f) {
      var where = isObject(f.location) && f.location.path ? text(f.location.path, 200) + (typeof f.location.start_line === "number" ? ":" + count(f.location.start_line) : "") : "";
      return el("li", null, [badge(f.severity), " ", el("span", null, [text(f.title, 200)]), " ", el("code", null, [text(f.rule_id, 100)]), where ? el("div", "muted", [where]) : null]);
    })));
  });
  replace(root, [
    el("header", null, [el("h1", null, ["CI triage"]), el("p", "url", [text(t.repo, 200) + (typeof t.run_id === "number" ? " \u00b7 run " + t.run_id : "")]),
      el("p", "headline", [text(summary.headline, 500) || text(t.status, 20)])]),
    section("classes", "Findings per class", classes),
    section("severity", "New findings by severity", severityBars(summary.new_by_severity)),
  ].concat(lists));
}
`;
