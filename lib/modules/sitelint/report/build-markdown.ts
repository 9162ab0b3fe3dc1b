import { FINDING_SEVERITIES } from "@/drizzle/schema";
import { mdCode, mdLink, mdText } from "@/lib/markdown";
import type { FindingView } from "../finding-view";
import type { ReportData } from "./report-data";

const TOP_RULES = 10;
const TOP_DIFF = 10;

const pathOf = (url: string | null) => {
  if (!url) return "—";
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
};

function diffLines(title: string, items: FindingView[], total: number): string[] {
  if (!total) return [];
  const lines = items.slice(0, TOP_DIFF).map((f) => `- **${f.severity}** ${mdCode(f.rule_id, 100)} ${mdText(f.title, 120)} — ${mdCode(pathOf(f.page_url), 120)}${f.viewport ? ` (${f.viewport})` : ""}`);
  return [``, `**${title}** (${total}${total > lines.length ? `, first ${lines.length}` : ""}):`, ...lines];
}

/**
 * The `markdown` report: a short GitHub Flavored Markdown summary for a PR comment or a chat — headline counts, findings
 * by severity (table), by category, security grade, new / fixed / unchanged against the baseline, the top 10 rules
 * (table: severity, pages, findings) and the first 10 new and fixed findings. Text from the scan (titles, paths,
 * selectors) goes through `lib/markdown` (escaped or in code spans: no HTML, mentions, autolinks), so a hostile page
 * cannot inject markup. GFM spec 0.29 §4.10 (tables).
 * @param o.consoleUrl absolute link to the scan in the console (added when given).
 */
export function buildMarkdownReport(data: ReportData, o: { consoleUrl?: string } = {}): string {
  const s = data.summary;
  const sev = FINDING_SEVERITIES.map((k) => s.by_severity[k] ?? 0);
  const categories = Object.entries(s.by_category).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const b = data.baseline;
  const out = [
    `### SiteLint: ${mdText(data.scan.origin, 200)} — ${s.findings_total} finding(s)`,
    ``,
    `Scan ${mdCode(data.scan.scan_id, 80)} · ${data.scan.profile} · ${data.scan.viewport_set} · ${data.scan.status} · pages: ${s.pages_ok} ok, ${s.pages_failed} failed, ${s.pages_blocked} blocked${o.consoleUrl ? ` · ${mdLink("open in the console", o.consoleUrl)}` : ""}`,
    ``,
    `| ${FINDING_SEVERITIES.join(" | ")} |`,
    `|${FINDING_SEVERITIES.map(() => "---:").join("|")}|`,
    `| ${sev.join(" | ")} |`,
  ];
  if (categories.length) out.push(``, `By category: ${categories.map(([k, n]) => `${mdText(k, 40)} ${n}`).join(" · ")}`);
  if (s.security?.grade) out.push(``, `Security grade: **${mdText(s.security.grade, 10)}**${s.security.score !== null ? ` (${s.security.score})` : ""}${s.security.lowest ? `, lowest page ${mdText(s.security.lowest.grade, 10)} (${mdCode(pathOf(s.security.lowest.url), 120)})` : ""}`);
  if (b) out.push(``, `Compared with baseline ${mdCode(b.baseline_scan_id, 80)}: **${b.counts.new} new**, **${b.counts.fixed} fixed**, ${b.counts.unchanged} unchanged`);
  else if (data.baseline_note) out.push(``, `_${mdText(data.baseline_note, 300)}_`);
  if (data.rules.length) {
    out.push(``, `**Top rules**${data.filter.min_severity ? ` (${data.filter.min_severity} and above)` : ""}:`, ``, `| Rule | Severity | Pages | Findings |`, `|---|---|---:|---:|`);
    for (const r of data.rules.slice(0, TOP_RULES)) out.push(`| ${mdCode(r.rule_id, 80, { inTable: true })} ${mdText(r.title, 100)} | ${r.severity} | ${r.page_count} | ${r.finding_count} |`);
    if (data.rules.length > TOP_RULES) out.push(``, `…and ${data.rules.length - TOP_RULES} more rule(s).`);
  }
  if (b) out.push(...diffLines("New", b.new, b.counts.new), ...diffLines("Fixed", b.fixed, b.counts.fixed));
  return `${out.join("\n")}\n`;
}
