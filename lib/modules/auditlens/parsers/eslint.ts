import { eslintRuleInfo } from "./eslint-rules";
import { reportText, TEXT_LIMITS } from "./report-text";
import { notAReport, streamReportItems } from "./scanner-report-items";
import { normaliseReportPath } from "./scanner-report-path";
import { messageTitle } from "./scanner-report-title";
import type { ParsedFinding, ReportParser, Severity } from "./types";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const position = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);
/** Source lines shown as the snippet, at most (a message spanning a whole function would otherwise be its body). */
const SNIPPET_LINES = 5;

/**
 * Parse ESLint's `json` formatter output (https://eslint.org/docs/latest/use/formatters/#json — the `LintResult[]`
 * and `LintMessage` types of the Node.js API): a top-level array of `{ filePath, messages[], source?, … }`, streamed
 * one file result at a time. One finding per message: `ruleId`, `severity` (2 → medium, 1 → low), `fatal` parse errors
 * (ruleId null) → high with ruleId `eslint:parse-error`, other null-rule messages (unused disable directives) →
 * `eslint:unused-directive`; `line`/`column`/`endLine`/`endColumn` (1-based, end exclusive); the snippet is the flagged
 * source lines when the result carries `source`; `fix` / `suggestions[0].desc` → suggestedFix. `suppressedMessages`
 * are not findings. ESLint has no stable finding id: `toolFingerprint` stays undefined and storage matches "the same
 * finding" by rule + path + snippet / line (docs/formats/eslint.md).
 * @throws AppError `VALIDATION_ERROR` — malformed/truncated JSON, or not an array of `{ filePath, messages[] }`.
 */
export const parseEslint: ReportParser = async function* (input, stats) {
  let index = 0;
  for await (const item of streamReportItems(input, { format: "eslint", shape: { array: true } })) {
    if (!isRecord(item) || typeof item.filePath !== "string" || !Array.isArray(item.messages)) {
      throw notAReport("eslint", `item ${index} is not a file result with "filePath" and "messages"`);
    }
    index++;
    const path = normaliseReportPath(item.filePath);
    let lines: string[] | undefined;
    const sourceLines = () => (lines ??= typeof item.source === "string" ? item.source.split(/\r?\n/) : []);
    for (const message of item.messages) {
      if (!isRecord(message)) throw notAReport("eslint", `a message of item ${index - 1} is not an object`);
      stats.itemsRead++;
      yield toFinding(message, path, sourceLines);
    }
  }
};

function toFinding(m: Json, path: string | undefined, sourceLines: () => string[]): ParsedFinding {
  const fatal = m.fatal === true;
  const text = typeof m.message === "string" ? m.message : "";
  const ruleId = fatal
    ? "eslint:parse-error"
    : (reportText(m.ruleId, TEXT_LIMITS.id) ?? (/^Unused (?:eslint-disable directive|inline config)/.test(text) ? "eslint:unused-directive" : "eslint:unknown"));
  const severity: Severity = fatal ? "high" : m.severity === 2 ? "medium" : m.severity === 1 ? "low" : "info";
  const { category, helpUrl } = fatal ? { category: "quality", helpUrl: undefined } : eslintRuleInfo(ruleId);
  const startLine = position(m.line);
  const endLine = position(m.endLine);
  const title = messageTitle(text) ?? ruleId;
  const description = reportText(text, TEXT_LIMITS.description);
  const evidence: Record<string, unknown> = {};
  for (const key of ["nodeType", "messageId"] as const) {
    const v = reportText(m[key], TEXT_LIMITS.id);
    if (v !== undefined) evidence[key] = v;
  }
  return {
    kind: "code",
    tool: "eslint",
    ruleId,
    category,
    severity,
    title,
    description: description !== title ? description : undefined,
    confidence: 0.8,
    suggestedFix: suggestedFix(m),
    helpUrl,
    location: {
      path,
      startLine,
      endLine,
      startColumn: position(m.column),
      endColumn: position(m.endColumn),
      snippet: startLine === undefined ? undefined : snippet(sourceLines(), startLine, endLine),
    },
    evidence: Object.keys(evidence).length > 0 ? evidence : undefined,
  };
}

/** The flagged lines of the file's `source` (ESLint includes it for files with messages and no autofix output). */
function snippet(lines: string[], start: number, end: number | undefined): string | undefined {
  if (start > lines.length) return undefined;
  const last = Math.min(end ?? start, start + SNIPPET_LINES - 1, lines.length);
  return reportText(lines.slice(start - 1, Math.max(last, start)).join("\n"), TEXT_LIMITS.snippet);
}

/** `fix` is a text edit `{ range: [from, to], text }` applied by `eslint --fix`; suggestions need an editor. */
function suggestedFix(m: Json): string | undefined {
  const fix = m.fix;
  if (isRecord(fix) && typeof fix.text === "string" && Array.isArray(fix.range) && fix.range.length === 2) {
    const [from, to] = fix.range as unknown[];
    const where = typeof from === "number" && typeof to === "number" ? `characters ${from}–${to} of the file` : "the flagged code";
    return reportText(fix.text === "" ? `Fixable by \`eslint --fix\` (removes ${where}).` : `Fixable by \`eslint --fix\` (replaces ${where} with: ${fix.text})`, TEXT_LIMITS.message);
  }
  const first: unknown = Array.isArray(m.suggestions) ? m.suggestions[0] : undefined;
  return isRecord(first) ? reportText(first.desc, TEXT_LIMITS.message) : undefined;
}
