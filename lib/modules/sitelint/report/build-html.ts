import { createHash } from "node:crypto";
import { FINDING_CATEGORIES, FINDING_SEVERITIES } from "@/drizzle/schema";
import { html, httpUrl, trusted, type SafeHtml } from "./html-template";
import { refLinks } from "./ref-links";
import type { ReportData, ReportFinding, ReportPage, ReportRule } from "./report-data";
import { barChart, stackedBar } from "./svg-charts";

/** Occurrences listed under one rule (or one page); the rest is counted ("and N more — see the CSV or JSON report"). */
const ROWS_PER_GROUP = 200;
const SEVERITY_COLOR: Record<string, string> = { critical: "#b91c1c", high: "#ea580c", medium: "#ca8a04", low: "#2563eb", info: "#6b7280" };

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;margin:0;background:#f9fafb}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.meta{color:#4b5563;font-size:13px}.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:12px 14px;min-width:150px}
.card b{display:block;font-size:22px}.charts{display:flex;flex-wrap:wrap;gap:16px}
details{background:#fff;border:1px solid #e5e7eb;border-radius:6px;margin:8px 0;padding:8px 12px}
summary{cursor:pointer}code{font:12px ui-monospace,Menlo,Consolas,monospace;background:#f3f4f6;padding:1px 4px;border-radius:3px;word-break:break-all}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}th,td{text-align:left;border-bottom:1px solid #f3f4f6;padding:4px 6px;vertical-align:top}
.sev{display:inline-block;min-width:58px;text-align:center;border-radius:3px;color:#fff;font-size:12px;padding:0 4px;margin-right:6px}
.sev-critical{background:#b91c1c}.sev-high{background:#ea580c}.sev-medium{background:#ca8a04}.sev-low{background:#2563eb}.sev-info{background:#6b7280}
.muted{color:#6b7280}.shot{max-width:320px;border:1px solid #e5e7eb}.new{color:#b91c1c;font-weight:600}.fixed{color:#15803d;font-weight:600}
`.trim();

/**
 * The report's Content Security Policy (CSP Level 3, delivered in a `<meta http-equiv>`): nothing may load or run —
 * no script at all, no fetch, no frame, no form target, no base URL; images only from `data:` (the embedded
 * screenshots); the one `<style>` element by its SHA-256 hash. Links still open (navigation is not a fetch).
 */
export const REPORT_CSP = `default-src 'none'; img-src data:; style-src 'sha256-${createHash("sha256").update(CSS).digest("base64")}'; base-uri 'none'; form-action 'none'`;

const sev = (s: string) => html`<span class="sev sev-${FINDING_SEVERITIES.includes(s as never) ? s : "info"}">${s}</span>`;
const link = (text: string, url: string | null | undefined) => {
  const href = httpUrl(url);
  return href ? html`<a href="${href}" rel="noopener noreferrer" target="_blank">${text}</a>` : html`${text}`;
};
const more = (n: number) => (n > 0 ? html`<p class="muted">…and ${n} more (see the CSV or JSON report).</p>` : null);

function refsList(r: { refs: ReportRule["refs"]; category: string; help_url: string | null }): SafeHtml | null {
  const links = refLinks(r.refs, r.category);
  if (!links.length && !httpUrl(r.help_url)) return null;
  return html`<p>References: ${[...(httpUrl(r.help_url) ? [link("rule documentation", r.help_url)] : []), ...links.map((l) => link(l.label, l.url))].map((a, i) => (i ? html` · ${a}` : a))}</p>`;
}

function shot(p: ReportPage | undefined, shots: ReadonlyMap<string, string>): SafeHtml | null {
  if (!p?.screenshot_ref) return null;
  const uri = shots.get(p.screenshot_ref);
  // Only data: URIs the caller built from PNG/JPEG bytes are embedded; anything else is named, not loaded.
  if (uri && /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(uri)) return html`<img class="shot" src="${uri}" alt="${`Screenshot of ${p.url} (${p.viewport})`}" data-testid="screenshot">`;
  return html`<span class="muted">screenshot not embedded: <code>${p.screenshot_ref}</code></span>`;
}

function occurrenceRows(list: ReportFinding[], o: { showPage: boolean; showRule: boolean }) {
  return html`<table><thead><tr>${o.showRule ? html`<th>Rule</th>` : null}${o.showPage ? html`<th>Page</th>` : null}<th>Viewport</th><th>Selector</th>${list.some((f) => f.baseline_state) ? html`<th>Baseline</th>` : null}</tr></thead><tbody>${list
    .slice(0, ROWS_PER_GROUP)
    .map(
      (f) =>
        html`<tr>${o.showRule ? html`<td>${sev(f.severity)}<code>${f.rule_id}</code> ${f.title}</td>` : null}${o.showPage ? html`<td>${link(f.page_url ?? "—", f.page_url)}</td>` : null}<td>${f.viewport ?? "—"}</td><td>${f.selector ? html`<code>${f.selector}</code>` : "—"}</td>${f.baseline_state ? html`<td class="${f.baseline_state === "new" ? "new" : "muted"}">${f.baseline_state}</td>` : null}</tr>`,
    )}</tbody></table>${more(list.length - ROWS_PER_GROUP)}`;
}

function byRule(data: ReportData): SafeHtml[] {
  const findingsOf = new Map<string, ReportFinding[]>();
  for (const f of data.findings) findingsOf.set(f.rule_id, [...(findingsOf.get(f.rule_id) ?? []), f]);
  return data.rules.map(
    (r) => html`<details class="rule" data-testid="rule-group" data-rule-id="${r.rule_id}"><summary>${sev(r.severity)}<code>${r.rule_id}</code> ${r.title} <span class="muted">— ${r.page_count} page(s), ${r.finding_count} finding(s) · ${r.category}</span></summary>
${r.description ? html`<p>${r.description}</p>` : null}${r.suggested_fix ? html`<p><b>Fix:</b> ${r.suggested_fix}</p>` : null}${refsList(r)}${occurrenceRows(findingsOf.get(r.rule_id) ?? [], { showPage: true, showRule: false })}</details>`,
  );
}

function byPage(data: ReportData, shots: ReadonlyMap<string, string>): SafeHtml[] {
  const key = (url: string | null, vp: string | null) => `${url ?? ""}\n${vp ?? ""}`;
  const findingsOf = new Map<string, ReportFinding[]>();
  for (const f of data.findings) findingsOf.set(key(f.page_url, f.viewport), [...(findingsOf.get(key(f.page_url, f.viewport)) ?? []), f]);
  return data.pages
    .filter((p) => findingsOf.has(key(p.url, p.viewport)))
    .map((p) => {
      const list = findingsOf.get(key(p.url, p.viewport))!;
      return html`<details class="page" data-testid="page-group"><summary><code>${p.url}</code> (${p.viewport}) <span class="muted">— ${p.title ?? "untitled"} · ${list.length} finding(s)</span></summary>${shot(p, shots)}${occurrenceRows(list, { showPage: false, showRule: true })}</details>`;
    });
}

function baselineSection(data: ReportData): SafeHtml | null {
  if (!data.baseline) return data.baseline_note ? html`<h2>Baseline</h2><p class="muted">${data.baseline_note}</p>` : null;
  const b = data.baseline;
  const list = (items: typeof b.new, cls: string) =>
    items.length ? html`<ul>${items.slice(0, 50).map((f) => html`<li><span class="${cls}">${cls}</span> ${sev(f.severity)}<code>${f.rule_id}</code> ${f.title} — ${link(f.page_url ?? "—", f.page_url)}${f.selector ? html` <code>${f.selector}</code>` : null}</li>`)}</ul>` : null;
  return html`<h2>Compared with baseline <code>${b.baseline_scan_id}</code></h2><div class="cards" data-testid="baseline"><div class="card"><b class="new">${b.counts.new}</b>new</div><div class="card"><b class="fixed">${b.counts.fixed}</b>fixed</div><div class="card"><b>${b.counts.unchanged}</b>unchanged</div></div>${list(b.new, "new")}${list(b.fixed, "fixed")}`;
}

/**
 * The `html` report: ONE self-contained HTML document (HTML Living Standard) a person can read offline — no script,
 * no external resource, a strict CSP ({@link REPORT_CSP}). Sections: the scan (URL, id, settings, times); the summary
 * (finding, page and security-grade cards; inline-SVG bar charts of findings by severity and category, a stacked bar
 * of pages ok / failed / blocked); the baseline diff when there is one; findings grouped by rule (`group_by: "rule"`:
 * one `<details>` per rule with description, fix, documentation links from `refs`, and every page + viewport +
 * selector) or by page (`"page"`: one per page with its screenshot); the pages table with screenshots. At most 200
 * occurrences per group are listed. Every value from the scan is HTML-escaped ({@link html}); only http(s) URLs
 * become links.
 * @param shots screenshot ref → `data:image/png|jpeg;base64,…` URI for the screenshots to embed (the caller bounds how
 *   many and how large); other screenshots are named by ref.
 * @returns the document, UTF-8 (`text/html; charset=utf-8`).
 */
export function buildHtmlReport(data: ReportData, shots: ReadonlyMap<string, string>, o: { consoleUrl?: string } = {}): string {
  const s = data.summary;
  const sevChart = barChart("Findings by severity", FINDING_SEVERITIES.map((k) => ({ label: k, value: s.by_severity[k] ?? 0, color: SEVERITY_COLOR[k]! })));
  const catChart = barChart("Findings by category", FINDING_CATEGORIES.map((k) => ({ label: k, value: s.by_category[k] ?? 0, color: "#3b82f6" })));
  const pageChart = stackedBar("Pages by outcome", [
    { label: "ok", value: s.pages_ok, color: "#16a34a" },
    { label: "failed", value: s.pages_failed, color: "#dc2626" },
    { label: "blocked", value: s.pages_blocked, color: "#f59e0b" },
  ]);
  const low = s.security?.lowest;
  const grade = s.security
    ? html`<div class="card" data-testid="security-grade"><b>${s.security.grade ?? "—"}</b>security grade${s.security.score !== null ? html` (${s.security.score})` : null}${low ? html`<br><span class="muted">lowest: ${low.grade} (${low.score}) <code>${low.url}</code></span>` : null}</div>`
    : null;
  const filtered = data.filter.min_severity ? html` (severity ${data.filter.min_severity} and above${data.findings_truncated ? ", truncated" : ""})` : data.findings_truncated ? html` (truncated)` : null;
  const groups = data.filter.group_by === "page" ? byPage(data, shots) : byRule(data);
  const pagesTable = html`<table data-testid="pages-table"><thead><tr><th>Page</th><th>Viewport</th><th>Status</th><th>HTTP</th><th>Title</th><th>Load ms</th><th>Findings</th><th>Screenshot</th></tr></thead><tbody>${data.pages.map(
    (p) =>
      html`<tr><td>${link(p.url, p.url)}</td><td>${p.viewport}</td><td>${p.status}${p.error ? html`<br><span class="muted">${p.error.code}: ${p.error.message}</span>` : null}</td><td>${p.http_status ?? "—"}</td><td>${p.title ?? "—"}</td><td>${p.load_ms ?? "—"}</td><td>${p.finding_count}</td><td>${shot(p, shots)}</td></tr>`,
  )}</tbody></table>`;
  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}"><meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SiteLint report — ${data.scan.origin}</title><style>${trusted(CSS)}</style></head>
<body><main>
<h1>SiteLint report — ${data.scan.origin}</h1>
<p class="meta">Scan <code>${data.scan.scan_id}</code> of ${link(data.scan.url, data.scan.url)} · profile ${data.scan.profile} · viewports ${data.scan.viewport_set} · status ${data.scan.status} · finished ${data.scan.finished_at ?? "—"} · generated ${data.generated_at} by ${data.generator.name} ${data.generator.version}${o.consoleUrl ? html` · ${link("open in the console", o.consoleUrl)}` : null}</p>
<section data-testid="summary"><h2>Summary</h2>
<div class="cards"><div class="card"><b data-testid="findings-total">${s.findings_total}</b>findings</div><div class="card"><b>${s.pages_ok}</b>pages ok</div><div class="card"><b>${s.pages_failed}</b>pages failed</div><div class="card"><b>${s.pages_blocked}</b>pages blocked</div>${grade}</div>
<div class="charts">${sevChart}${catChart}${pageChart}</div></section>
${baselineSection(data)}
<h2>Findings${data.filter.group_by === "page" ? " by page" : " by rule"} <span class="muted">— ${data.finding_count} finding(s), ${data.rules.length} rule(s)${filtered}</span></h2>
${groups.length ? groups : html`<p>No findings.</p>`}
<h2>Pages (${data.pages.length})</h2>${pagesTable}
</main></body></html>
`;
  return doc.value;
}
