import { maskSecret, secretPreview } from "./gitleaks-mask";
import { reportText, TEXT_LIMITS } from "./report-text";
import { notAReport, streamReportItems } from "./scanner-report-items";
import { normaliseReportPath } from "./scanner-report-path";
import type { ParsedFinding, ReportParser } from "./types";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const position = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);
/** Fingerprints carry a path: bound them like paths, not like ids, so long paths do not collide. */
const FINGERPRINT_CHARS = 1000;
const ROTATE =
  "Revoke and rotate this credential, then remove it from the repository history (e.g. git filter-repo): deleting the line leaves it in every earlier commit.";

/** One leak, whichever report version it came from (`secret` is only ever used to mask, never stored). */
type Leak = {
  rule: unknown; description: unknown; file: unknown; commit: unknown; line: unknown; endLine?: unknown;
  startColumn?: unknown; endColumn?: unknown; text: unknown; secret: string | undefined; author: unknown; date: unknown;
  tags: unknown[]; entropy?: unknown; fingerprint?: unknown; link?: unknown;
};

/**
 * Parse a Gitleaks JSON report (`--report-format json`): v8's array of `Finding` (gitleaks `report/finding.go`:
 * `RuleID, Description, StartLine, EndLine, StartColumn, EndColumn, Match, Secret, File, Commit, Author, Email, Date,
 * Message, Tags, Entropy, Fingerprint`) or v7's array of `Leak` (`line, lineNumber, offender, commit, rule, author,
 * email, file, date, tags`), streamed one item at a time; `null` means nothing found. One finding per item, kind and
 * category `secret`, severity high (Gitleaks has no severity; a committed credential is presumed live). The secret is
 * never stored: `Secret` is dropped, `Match`/`line` keep at most its first 4 characters + `…` and pass
 * `redactSecrets`; the author's email and the commit message are dropped. "The same finding": v8 `Fingerprint`
 * (`commit:file:rule:line`), else `gitleaks:<rule>|<path>|<commit>|<line>` (docs/formats/gitleaks.md).
 * @throws AppError `VALIDATION_ERROR` — malformed/truncated JSON, or not an array of v8/v7 items.
 */
export const parseGitleaks: ReportParser = async function* (input, stats) {
  let index = 0;
  for await (const item of streamReportItems(input, { format: "gitleaks", shape: { array: true, allowNull: true } })) {
    const leak = isRecord(item) ? (typeof item.RuleID === "string" ? fromV8(item) : typeof item.rule === "string" ? fromV7(item) : undefined) : undefined;
    if (!leak) throw notAReport("gitleaks", `item ${index} has neither "RuleID" (v8) nor "rule" (v7)`);
    index++;
    stats.itemsRead++;
    yield toFinding(leak);
  }
};

function fromV8(i: Json): Leak {
  return {
    rule: i.RuleID, description: i.Description, file: i.File, commit: i.Commit, line: i.StartLine, endLine: i.EndLine,
    startColumn: i.StartColumn, endColumn: i.EndColumn, text: i.Match, secret: typeof i.Secret === "string" ? i.Secret : undefined,
    author: i.Author, date: i.Date, tags: Array.isArray(i.Tags) ? i.Tags : [], entropy: i.Entropy, fingerprint: i.Fingerprint, link: i.Link,
  };
}

function fromV7(i: Json): Leak {
  return {
    rule: i.rule, description: i.rule, file: i.file, commit: i.commit, line: i.lineNumber, text: i.line,
    secret: typeof i.offender === "string" ? i.offender : undefined, author: i.author, date: i.date,
    tags: typeof i.tags === "string" ? i.tags.split(",") : [],
  };
}

function toFinding(l: Leak): ParsedFinding {
  // Every free-text field is masked: a rule description or tag could quote the secret too.
  const text = (v: unknown, max: number) => reportText(maskSecret(v, l.secret), max);
  const ruleId = reportText(l.rule, TEXT_LIMITS.id) ?? "gitleaks:unknown";
  const path = normaliseReportPath(l.file);
  const commit = reportText(l.commit, TEXT_LIMITS.id);
  const line = position(l.line);
  const given = reportText(l.fingerprint, FINGERPRINT_CHARS);
  const evidence: Record<string, unknown> = {
    secretPreview: l.secret ? secretPreview(l.secret) : undefined,
    commit,
    author: text(l.author, TEXT_LIMITS.id),
    date: reportText(l.date, TEXT_LIMITS.id),
    entropy: typeof l.entropy === "number" && Number.isFinite(l.entropy) ? l.entropy : undefined,
    tags: l.tags.slice(0, 20).map((t) => text(t, TEXT_LIMITS.id)).filter((t) => t !== undefined),
    link: typeof l.link === "string" && /^https:\/\/\S+$/.test(l.link) ? text(l.link, TEXT_LIMITS.message) : undefined,
  };
  for (const [k, v] of Object.entries(evidence)) if (v === undefined || (Array.isArray(v) && v.length === 0)) delete evidence[k];
  return {
    kind: "secret",
    tool: "gitleaks",
    ruleId,
    category: "secret",
    severity: "high",
    title: text(`Secret found: ${text(l.description, TEXT_LIMITS.title) ?? ruleId} in ${path ?? "an unnamed file"}`, TEXT_LIMITS.title) ?? ruleId,
    confidence: 0.8,
    suggestedFix: ROTATE,
    location: {
      path,
      startLine: line,
      endLine: position(l.endLine),
      startColumn: position(l.startColumn),
      endColumn: position(l.endColumn),
      snippet: text(l.text, TEXT_LIMITS.snippet),
    },
    toolFingerprint: given ?? `gitleaks:${ruleId}|${path ?? ""}|${commit ?? ""}|${line ?? ""}`,
    evidence,
  };
}
