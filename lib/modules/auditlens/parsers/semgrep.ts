import { reportText, TEXT_LIMITS } from "./report-text";
import { notAReport, streamReportItems } from "./scanner-report-items";
import { normaliseReportPath } from "./scanner-report-path";
import { messageTitle } from "./scanner-report-title";
import type { ParsedFinding, ReportParser, Severity } from "./types";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const position = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);
const strings = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

// Rule severities: the classic ERROR/WARNING/INFO, the newer CRITICAL…LOW, and INVENTORY/EXPERIMENT (not issues).
const SEVERITY = new Map<string, Severity>([
  ["ERROR", "high"], ["WARNING", "medium"], ["INFO", "low"],
  ["CRITICAL", "critical"], ["HIGH", "high"], ["MEDIUM", "medium"], ["LOW", "low"],
  ["INVENTORY", "info"], ["EXPERIMENT", "info"],
]);
const CONFIDENCE = new Map([["HIGH", 0.9], ["MEDIUM", 0.7], ["LOW", 0.5]]);
// Semgrep's match-based id (a hex digest, `_<n>` for the n-th identical match); logged-out runs say "requires login".
const FINGERPRINT = /^[0-9a-f]{16,}(?:_\d+)?$/i;
const REQUIRES_LOGIN = /^\s*requires login\s*$/i;

/**
 * Parse `semgrep --json` output (the CLI output schema, semgrep-interfaces `semgrep_output_v1.atd`, `cli_output`):
 * `{ results[], errors[], paths }`, the results streamed one at a time. One finding per result: `check_id`, `path`,
 * `start`/`end` `{ line, col }` (1-based, end exclusive), `extra.message`, `extra.severity` (ERROR → high, WARNING →
 * medium, INFO → low, CRITICAL/HIGH/MEDIUM/LOW as is, INVENTORY/EXPERIMENT → info, other/missing → medium),
 * `extra.metadata.confidence` (HIGH 0.9, MEDIUM 0.7, LOW 0.5, else 0.8), `metadata.cwe` → `CWE-<n>`, `extra.lines` →
 * snippet, `extra.fix` → suggestedFix. "The same finding": `extra.fingerprint` when it is a real digest (logged-in
 * runs), else rule + path + snippet / line in storage (docs/formats/semgrep.md). `errors[]` are scan errors, not
 * findings.
 * @throws AppError `VALIDATION_ERROR` — malformed/truncated JSON, or no `results` array of `{ check_id, path }`.
 */
export const parseSemgrep: ReportParser = async function* (input, stats) {
  let index = 0;
  for await (const item of streamReportItems(input, { format: "semgrep", shape: { key: "results" } })) {
    if (!isRecord(item) || typeof item.check_id !== "string" || typeof item.path !== "string") {
      throw notAReport("semgrep", `result ${index} has no "check_id" and "path"`);
    }
    index++;
    stats.itemsRead++;
    yield toFinding(item);
  }
};

function toFinding(r: Json): ParsedFinding {
  const extra = isRecord(r.extra) ? r.extra : {};
  const meta = isRecord(extra.metadata) ? extra.metadata : {};
  const ruleId = reportText(r.check_id, TEXT_LIMITS.id) ?? "semgrep:unknown";
  const message = typeof extra.message === "string" ? extra.message : "";
  const title = messageTitle(message) ?? ruleId;
  const description = reportText(message, TEXT_LIMITS.description);
  const cwe = [...new Set(strings(meta.cwe).flatMap((c) => (typeof c === "string" ? [...c.matchAll(/\bCWE-(\d+)\b/gi)].map((m) => `CWE-${m[1]}`) : [])))];
  const start = isRecord(r.start) ? r.start : {};
  const end = isRecord(r.end) ? r.end : {};
  const fingerprint = typeof extra.fingerprint === "string" && FINGERPRINT.test(extra.fingerprint) ? extra.fingerprint : undefined;
  const lines = typeof extra.lines === "string" && !REQUIRES_LOGIN.test(extra.lines) ? extra.lines : undefined;
  return {
    kind: "code",
    tool: "semgrep",
    ruleId,
    category: isSecurity(ruleId, meta, cwe) ? "security" : "quality",
    severity: SEVERITY.get(String(extra.severity).toUpperCase()) ?? "medium",
    title,
    description: description !== title ? description : undefined,
    confidence: CONFIDENCE.get(String(meta.confidence).toUpperCase()) ?? 0.8,
    suggestedFix: suggestedFix(extra),
    helpUrl: helpUrl(meta),
    location: {
      path: normaliseReportPath(r.path),
      startLine: position(start.line),
      endLine: position(end.line),
      startColumn: position(start.col),
      endColumn: position(end.col),
      snippet: reportText(lines, TEXT_LIMITS.snippet),
    },
    cwe: cwe.length > 0 ? cwe : undefined,
    toolFingerprint: fingerprint,
    evidence: evidence(extra, meta),
  };
}

/** `metadata.category: security` is the registry's marker; rules without it still say so by id or by a CWE. */
function isSecurity(ruleId: string, meta: Json, cwe: string[]): boolean {
  if (typeof meta.category === "string") return meta.category.toLowerCase() === "security";
  return cwe.length > 0 || ruleId.split(".").includes("security");
}

function helpUrl(meta: Json): string | undefined {
  const refs = Array.isArray(meta.references) ? meta.references : [];
  for (const u of [meta.shortlink, meta.source, meta["source-rule-url"], ...refs]) {
    if (typeof u === "string" && /^https?:\/\/\S+$/.test(u)) return reportText(u, TEXT_LIMITS.message);
  }
  return undefined;
}

function suggestedFix(extra: Json): string | undefined {
  if (typeof extra.fix === "string") return reportText(`Replace the match with: ${extra.fix}`, TEXT_LIMITS.message);
  const re = isRecord(extra.fix_regex) ? extra.fix_regex : undefined;
  if (re && typeof re.regex === "string" && typeof re.replacement === "string") {
    return reportText(`In the match, replace /${re.regex}/ with: ${re.replacement}`, TEXT_LIMITS.message);
  }
  return undefined;
}

/** OWASP categories, impact/likelihood and the `nosemgrep` flag, bounded. */
function evidence(extra: Json, meta: Json): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const owasp = strings(meta.owasp).slice(0, 10).map((o) => reportText(o, TEXT_LIMITS.id)).filter((o) => o !== undefined);
  if (owasp.length > 0) out.owasp = owasp;
  for (const key of ["impact", "likelihood"] as const) {
    const v = reportText(meta[key], TEXT_LIMITS.id);
    if (v !== undefined) out[key] = v;
  }
  if (extra.is_ignored === true) out.ignored = true;
  return Object.keys(out).length > 0 ? out : undefined;
}
