import type { ReportData, ReportFinding } from "./report-data";

/** Columns of the CSV report, in order (the header row). */
export const CSV_COLUMNS = [
  "severity", "category", "rule_id", "title", "page_url", "viewport", "selector", "confidence", "source_tool", "help_url",
  "wcag", "axe", "lighthouse", "observatory", "baseline_state", "suggested_fix", "fingerprint", "finding_id", "scan_id",
] as const;

/**
 * First characters that make a spreadsheet read a cell as a formula or move it: `=`, `+`, `-`, `@`, TAB, CR (OWASP
 * "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection) and NUL (OWASP ASVS 5.0 V1.2.10).
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/**
 * One CSV field: a cell starting with a formula trigger gets a leading apostrophe (OWASP "CSV Injection"; spreadsheets
 * then show the text as typed), then every field is quoted with inner quotes doubled (RFC 4180 §2.5–2.7 — quoting every
 * field is allowed, and keeps commas, CR and LF inside the value).
 */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  const safe = FORMULA_START.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

function row(f: ReportFinding, scanId: string): string[] {
  const refs = (k: "wcag" | "axe" | "lighthouse" | "observatory") => (f.refs?.[k] ?? []).join(" ");
  return [
    f.severity, f.category, f.rule_id, f.title, f.page_url ?? "", f.viewport ?? "", f.selector ?? "", f.confidence.toFixed(2), f.source_tool, f.help_url ?? "",
    refs("wcag"), refs("axe"), refs("lighthouse"), refs("observatory"), f.baseline_state ?? "", f.suggested_fix ?? "", f.fingerprint, f.finding_id, scanId,
  ];
}

/**
 * The `csv` report (RFC 4180): a header row of {@link CSV_COLUMNS}, then one record per finding occurrence (one
 * finding row: a rule on one page in one viewport), CRLF line breaks (§2.1), every field quoted (§2.5–2.7) and
 * defended against formula injection ({@link csvField}). Refs are space-separated ids. Order: by rule (rules most
 * severe first, then page) for `group_by: "rule"`, by page then severity for `"page"`. Media type `text/csv`
 * (RFC 4180 §3), UTF-8 without BOM.
 */
export function buildCsvReport(data: ReportData): string {
  const order = new Map(data.rules.map((r, i) => [r.rule_id, i]));
  const byRule = (a: ReportFinding, b: ReportFinding) => (order.get(a.rule_id)! - order.get(b.rule_id)!) || (a.page_url ?? "").localeCompare(b.page_url ?? "") || (a.viewport ?? "").localeCompare(b.viewport ?? "");
  const byPage = (a: ReportFinding, b: ReportFinding) => (a.page_url ?? "").localeCompare(b.page_url ?? "") || (a.viewport ?? "").localeCompare(b.viewport ?? "") || (order.get(a.rule_id)! - order.get(b.rule_id)!);
  const sorted = [...data.findings].sort(data.filter.group_by === "page" ? byPage : byRule);
  const lines = [CSV_COLUMNS.map(csvField).join(","), ...sorted.map((f) => row(f, data.scan.scan_id).map(csvField).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}
