import { reportText, TEXT_LIMITS } from "./report-text";
import type { ScannedHit } from "./log-scan";
import { normaliseReportPath } from "./scanner-report-path";
import type { ParsedFinding, Severity } from "./types";

type Profile = { tool: string; severity: Severity; category: "build" | "test"; confidence: number };

/**
 * What each signature means. Compile and type errors and failing tests are `high` (they fail the build and say
 * where); generic errors (exceptions, panics, npm, tracebacks, `fatal`, workflow-command errors, a bare `error: …`
 * without a location) are `medium`. Confidence rises with how specific the signature is.
 */
const PROFILES: Record<string, Profile> = {
  typescript: { tool: "tsc", severity: "high", category: "build", confidence: 0.9 },
  rust: { tool: "rustc", severity: "high", category: "build", confidence: 0.9 },
  javac: { tool: "javac", severity: "high", category: "build", confidence: 0.9 },
  compiler: { tool: "compiler", severity: "high", category: "build", confidence: 0.85 },
  go: { tool: "go", severity: "high", category: "build", confidence: 0.8 },
  eslint: { tool: "eslint", severity: "medium", category: "build", confidence: 0.85 },
  test_fail: { tool: "test", severity: "high", category: "test", confidence: 0.85 },
  test_case: { tool: "test", severity: "high", category: "test", confidence: 0.8 },
  python_traceback: { tool: "python", severity: "medium", category: "build", confidence: 0.8 },
  npm: { tool: "npm", severity: "medium", category: "build", confidence: 0.75 },
  panic: { tool: "log", severity: "medium", category: "build", confidence: 0.75 },
  "::error": { tool: "github-actions", severity: "medium", category: "build", confidence: 0.8 },
  "##[error]": { tool: "github-actions", severity: "medium", category: "build", confidence: 0.7 },
  exception: { tool: "log", severity: "medium", category: "build", confidence: 0.6 },
  fatal: { tool: "log", severity: "medium", category: "build", confidence: 0.6 },
};
const FALLBACK: Profile = { tool: "log", severity: "medium", category: "build", confidence: 0.6 };

/** Whitespace collapsed, digit runs → `#`, lower-case: the message's identity survives moved lines and changed counts. */
export function normaliseLogMessage(s: string): string {
  return s.replace(/\s+/g, " ").trim().replace(/\d+/g, "#").toLowerCase();
}

const positive = (v: number | undefined) => (v !== undefined && Number.isInteger(v) && v > 0 ? v : undefined);

/**
 * The finding of one log error, and its dedupe key within the log (`ruleId`, path, line, message: the same error
 * printed twice — a problem-matcher annotation after the tool's own line, jest's summary after its report — is one
 * finding). `ruleId` is the signature id, with the error code when there is one (`typescript:TS2322`);
 * `toolFingerprint` is `log:<ruleId>|<path>|<message>` with the message normalised by {@link normaliseLogMessage} and
 * without the line, so the error keeps its identity across runs when code above it moves.
 */
export function logFinding(hit: ScannedHit): { finding: ParsedFinding; key: string } {
  const profile = PROFILES[hit.signature] ?? FALLBACK;
  const code = reportText(hit.code, 100);
  const ruleId = reportText(code ? `${hit.signature}:${code}` : hit.signature, TEXT_LIMITS.id) ?? hit.signature;
  const message = reportText(hit.message, TEXT_LIMITS.message) ?? hit.signature;
  const path = normaliseReportPath(hit.path);
  const startLine = path ? positive(hit.line) : undefined;
  const startColumn = startLine ? positive(hit.column) : undefined;
  const test = profile.category === "test";
  const severity: Severity = hit.signature === "compiler" && !path && !code ? "medium" : profile.severity;
  const title = test ? `Test failed: ${message}${path && !message.includes(path) ? ` (${path})` : ""}` : code && !message.startsWith(code) ? `${code}: ${message}` : message;
  const description = reportText([hit.text.trim(), ...(hit.detail ?? [])].join("\n"), TEXT_LIMITS.description);
  const testMessage = test ? reportText(hit.detail?.[0], TEXT_LIMITS.message) : undefined;
  const finding: ParsedFinding = {
    kind: "log",
    tool: hit.tool ?? profile.tool,
    ruleId,
    category: profile.category,
    severity,
    title: reportText(title, TEXT_LIMITS.title) ?? ruleId,
    ...(description ? { description } : {}),
    confidence: severity === profile.severity ? profile.confidence : 0.6,
    ...(path ? { location: { path, ...(startLine ? { startLine } : {}), ...(startColumn ? { startColumn } : {}) } } : {}),
    ...(test && hit.test
      ? { test: { name: reportText(hit.test.name, TEXT_LIMITS.id) ?? message, status: "failed" as const, ...(testMessage ? { message: testMessage } : {}), ...(path ? { file: path } : {}) } }
      : {}),
    toolFingerprint: `log:${ruleId}|${path ?? ""}|${normaliseLogMessage(message).slice(0, 500)}`,
    evidence: { logLine: hit.n, signature: hit.signature, ...(hit.skipped > 0 ? { lineTruncated: true, skippedChars: hit.skipped } : {}) },
  };
  return { finding, key: [ruleId, path ?? "", startLine ?? "", message].join("\u0000") };
}
