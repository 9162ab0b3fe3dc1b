import type { Readable } from "node:stream";

/**
 * The contract every AuditLens report parser implements (one file per format in this folder). A parser reads one
 * report — streamed, never held whole as one string or one object graph when it can be large — and yields findings in
 * the normalised model below. It names the format specification or the tool's documented schema it follows in its
 * TSDoc, with its severity mapping and what makes two findings "the same" (its `dedupeKey`).
 */

/** Formats a parser exists for; `log` reads raw CI logs. */
export type ParserProfile =
  | "sarif" | "junit" | "eslint" | "npm_audit" | "yarn_audit" | "trivy" | "grype" | "semgrep" | "gitleaks" | "bandit" | "retirejs" | "log";

export type Severity = "critical" | "high" | "medium" | "low" | "info";

/** What a finding is about. */
export type FindingKind =
  /** Static analysis / lint / SAST result at a source location. */
  | "code"
  /** A vulnerable dependency (package + installed version, CVE/GHSA). */
  | "dependency"
  /** A leaked secret. */
  | "secret"
  /** A failing (or erroring) test case; `test` below is set. */
  | "test"
  /** An error line found in a raw CI log. */
  | "log";

/** One finding as a parser yields it (before storage adds finding_id, evidence_refs and the layered fingerprint). */
export type ParsedFinding = {
  kind: FindingKind;
  /** The tool that reported it, as the report names it (`CodeQL`, `eslint`, `trivy`, `jest`, …), lower-case. */
  tool: string;
  /** The tool's rule / check / test id (`js/sql-injection`, `no-unused-vars`, `CVE-2023-1234`, `login.test.ts > rejects…`). */
  ruleId: string;
  /** Category for the findings explorer: `security`, `quality`, `dependency`, `secret`, `test`, `build`, … */
  category: string;
  severity: Severity;
  title: string;
  description?: string;
  /** 0..1: how sure the tool is (SARIF `rank`/precision, scanner confidence); default 0.8. */
  confidence: number;
  suggestedFix?: string;
  helpUrl?: string;
  location?: { path?: string; startLine?: number; endLine?: number; startColumn?: number; endColumn?: number; snippet?: string };
  /** CWE ids as `CWE-79`. */
  cwe?: string[];
  /** CVE / GHSA / other advisory ids (`CVE-2021-44228`, `GHSA-xxxx-xxxx-xxxx`). */
  vulnerabilityIds?: string[];
  package?: { name: string; ecosystem?: string; installedVersion?: string; fixedVersion?: string; path?: string };
  /** Failing test details: suite, case, status and the first lines of the stack trace. */
  test?: { suite?: string; name: string; status: "failed" | "error" | "skipped" | "passed"; message?: string; stack?: string; durationMs?: number; file?: string };
  /**
   * The tool's own stable identity, when it has one: SARIF `fingerprints` (first, sorted by key), else sorted
   * `partialFingerprints` (`primaryLocationLineHash:…`), else e.g. `vulnerability id + package + installed version`.
   * The storage layer falls back to rule + normalised path + normalised snippet / line window when absent.
   */
  toolFingerprint?: string;
  /** Bounded, format-specific extra evidence (CVSS vector, scanner target, matched secret redacted, …). */
  evidence?: Record<string, unknown>;
};

/** What a parser is given: the report as a byte stream, plus its name and size when known. */
export type ParserInput = { stream: Readable; name?: string; size?: number };

/** Counts a parser reports besides its findings (JUnit: tests by outcome; all: items read). */
export type ParseStats = { itemsRead: number; tests?: { total: number; passed: number; failed: number; errored: number; skipped: number } };

/**
 * A report parser: yields findings as it reads; `stats` is complete once the iteration ends.
 * @throws AppError `VALIDATION_ERROR` naming the format and the byte offset or line where the report broke
 *   (truncated JSON, malformed XML, an XML entity declaration — refused outright, against entity-expansion bombs —
 *   the wrong shape for the format).
 */
export type ReportParser = (input: ParserInput, stats: ParseStats) => AsyncIterable<ParsedFinding>;
