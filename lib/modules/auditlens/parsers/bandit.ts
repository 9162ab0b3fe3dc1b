import { reportText, TEXT_LIMITS } from "./report-text";
import { notAReport, streamReportItems } from "./scanner-report-items";
import { normaliseReportPath } from "./scanner-report-path";
import { messageTitle } from "./scanner-report-title";
import type { ParsedFinding, ReportParser, Severity } from "./types";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const position = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);
const offset = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v + 1 : undefined);

const SEVERITY = new Map<string, Severity>([["HIGH", "high"], ["MEDIUM", "medium"], ["LOW", "low"], ["UNDEFINED", "info"]]);
const CONFIDENCE = new Map([["HIGH", 0.9], ["MEDIUM", 0.6], ["LOW", 0.3]]);

/**
 * Parse `bandit -f json` output (bandit `formatters/json.py`): `{ errors[], generated_at, metrics, results[] }`, the
 * results streamed one at a time (`metrics` — one entry per scanned file — is skipped token by token). One finding per
 * result: `test_id` (B101…) as ruleId, `issue_severity` (HIGH/MEDIUM/LOW → high/medium/low, UNDEFINED → info),
 * `issue_confidence` (HIGH 0.9, MEDIUM 0.6, LOW 0.3, else 0.8), `issue_cwe.id` → `CWE-<id>`, `issue_text`,
 * `filename`, `line_number`/`line_range`, `col_offset`/`end_col_offset` (0-based in the report, 1-based here),
 * `code` → snippet (only the flagged lines, without Bandit's line-number prefixes), `more_info` → helpUrl. Bandit has
 * no finding id: `toolFingerprint` stays undefined and storage matches "the same finding" by rule + path + snippet /
 * line (docs/formats/bandit.md). `errors[]` are files Bandit could not scan, not findings.
 * @throws AppError `VALIDATION_ERROR` — malformed/truncated JSON, or no `results` array of `{ test_id, filename }`.
 */
export const parseBandit: ReportParser = async function* (input, stats) {
  let index = 0;
  for await (const item of streamReportItems(input, { format: "bandit", shape: { key: "results" } })) {
    if (!isRecord(item) || typeof item.test_id !== "string" || typeof item.filename !== "string") {
      throw notAReport("bandit", `result ${index} has no "test_id" and "filename"`);
    }
    index++;
    stats.itemsRead++;
    yield toFinding(item);
  }
};

function toFinding(r: Json): ParsedFinding {
  const ruleId = reportText(r.test_id, TEXT_LIMITS.id) ?? "bandit:unknown";
  const text = typeof r.issue_text === "string" ? r.issue_text : "";
  const title = messageTitle(text) ?? ruleId;
  const description = reportText(text, TEXT_LIMITS.description);
  const range = Array.isArray(r.line_range) ? r.line_range.map(position).filter((n) => n !== undefined) : [];
  const startLine = position(r.line_number) ?? (range.length > 0 ? Math.min(...range.slice(0, 1000)) : undefined);
  const endLine = range.length > 0 ? Math.max(startLine ?? 0, ...range.slice(0, 1000)) : startLine;
  // `issue_cwe` (recent Bandit releases) is `{ id, link }`; id 0 / absent means no CWE.
  const cweId = isRecord(r.issue_cwe) ? Number(r.issue_cwe.id) : 0;
  const cwe = Number.isInteger(cweId) && cweId > 0 ? [`CWE-${cweId}`] : undefined;
  const testName = reportText(r.test_name, TEXT_LIMITS.id);
  const moreInfo = typeof r.more_info === "string" && /^https?:\/\/\S+$/.test(r.more_info) ? reportText(r.more_info, TEXT_LIMITS.message) : undefined;
  return {
    kind: "code",
    tool: "bandit",
    ruleId,
    category: "security",
    severity: SEVERITY.get(String(r.issue_severity).toUpperCase()) ?? "medium",
    title,
    description: description !== title ? description : undefined,
    confidence: CONFIDENCE.get(String(r.issue_confidence).toUpperCase()) ?? 0.8,
    helpUrl: moreInfo,
    location: {
      path: normaliseReportPath(r.filename),
      startLine,
      endLine,
      startColumn: offset(r.col_offset),
      endColumn: offset(r.end_col_offset),
      snippet: reportText(flaggedLines(r.code, startLine, endLine), TEXT_LIMITS.snippet),
    },
    cwe,
    evidence: testName ? { testName } : undefined,
  };
}

/**
 * Bandit's `code` is the flagged lines plus context, each prefixed with its line number (`"1 import os\n2 assert
 * False\n"`): keep the flagged lines only, without the numbers, so the snippet is stable when code above moves (it
 * feeds the storage fingerprint). Lines that do not parse that way → the text as given.
 */
function flaggedLines(code: unknown, start: number | undefined, end: number | undefined): string | undefined {
  if (typeof code !== "string") return undefined;
  const lines = code.replace(/\n$/, "").split("\n").map((l) => /^(\d+) ?(.*)$/.exec(l));
  if (start === undefined || lines.some((m) => m === null)) return code;
  const kept = lines.filter((m) => m && Number(m[1]) >= start && Number(m[1]) <= (end ?? start)).map((m) => m![2]);
  return kept.length > 0 ? kept.join("\n") : code;
}
