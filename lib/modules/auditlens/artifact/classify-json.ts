import type { DetectedFormat } from "./types";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const firstObj = (v: unknown): Obj | undefined => (Array.isArray(v) && isObj(v[0]) ? v[0] : undefined);
const has = (o: Obj | undefined, ...keys: string[]) => o !== undefined && keys.every((k) => k in o);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** SARIF 2.1.0 (OASIS, §3.13 sarifLog `version`/`$schema`/`runs`; §3.14.6 `run.tool`; §3.18.2 `tool.driver`). */
function isSarif(v: Obj): boolean {
  if (/sarif/i.test(str(v.$schema))) return true;
  if (v.version === "2.1.0" && Array.isArray(v.runs)) return true;
  // Some emitters (mobsfscan, njsscan, shellcheck wrappers) put `version` last: a head may only show the runs.
  const run = firstObj(v.runs);
  return isObj(run?.tool) && "driver" in run.tool;
}

/**
 * npm 6 `npm audit --json` (npm-audit-report: `actions`, `advisories` keyed by id, `muted`, `metadata`, `runId`).
 * Yarn berry 2/3 `yarn npm audit --json` prints the registry's `/-/npm/v1/security/audits/quick` answer verbatim: the
 * same document without `runId` (plugin-npm-cli `npmAuditTypes.AuditResponse`). So: `runId` → npm; a complete
 * document without it → yarn; a cut head that hasn't reached `runId` (it comes last) → npm, the common case.
 */
function npmV6OrYarnBerry(v: Obj, complete: boolean): DetectedFormat | undefined {
  const advisory = isObj(v.advisories) ? Object.values(v.advisories)[0] : undefined;
  const v6 =
    (isObj(v.advisories) && (Array.isArray(v.actions) || Array.isArray(v.muted))) ||
    has(firstObj(v.actions), "action", "module") ||
    (isObj(advisory) && has(advisory, "module_name", "findings"));
  if (!v6) return undefined;
  return "runId" in v || !complete ? "npm_audit" : "yarn_audit";
}

/** Yarn 1 `yarn audit --json` NDJSON line (`{ type, data }`) or a Yarn 4 `yarn npm audit --json` tree line. */
function isYarnAuditLine(v: unknown): boolean {
  if (!isObj(v)) return false;
  if (["auditAdvisory", "auditSummary", "auditAction"].includes(str(v.type)) && "data" in v) return true;
  // Yarn 4: `{ value: "<pkg>", children: { ID, Issue, URL, Severity, "Vulnerable Versions", "Tree Versions", Dependents } }`.
  return typeof v.value === "string" && isObj(v.children) && "Severity" in v.children && ("ID" in v.children || "Issue" in v.children);
}

/** A Yarn berry report line (`{ type, name, displayName: "YN0001", indent, data }`), as printed after a berry 2/3 audit. */
const isYarnBerryReportLine = (v: unknown) => isObj(v) && /^YN\d{4}$/.test(str(v.displayName));

/** Bandit's json formatter: `errors`, `generated_at`, `metrics` (`_totals` + per file), `results[].test_id`. */
function isBandit(v: Obj): boolean {
  if (has(firstObj(v.results), "test_id")) return true;
  if (!isObj(v.metrics)) return false;
  // `_totals` sorts after paths starting with `/` or upper case, so also accept any per-file metrics record.
  const metric = v.metrics._totals ?? Object.values(v.metrics)[0];
  return isObj(metric) && ("SEVERITY.HIGH" in metric || "CONFIDENCE.HIGH" in metric || has(metric, "loc", "nosec"));
}

/** Top-level fields of semgrep's `cli_output` (semgrep-interfaces `semgrep_output_v1.atd`). */
const SEMGREP_KEYS = new Set([
  "version", "results", "errors", "paths", "time", "explanations", "interfile_languages_used", "skipped_rules",
  "engine_requested", "rules_by_engine", "skipped_fingerprints", "profiling_results", "mcp_scan_results",
]);

/** Semgrep `--json`: `results[].check_id`; with no results, a document made only of `cli_output` fields. */
function isSemgrep(v: Obj): boolean {
  if (has(firstObj(v.results), "check_id")) return true;
  const keys = Object.keys(v);
  return Array.isArray(v.results) && Array.isArray(v.errors) && keys.every((k) => SEMGREP_KEYS.has(k));
}

/** One element of an array-shaped report (ESLint, Gitleaks, retire.js < 2, Trivy < 0.20). */
function classifyArrayElement(e: Obj): DetectedFormat | undefined {
  // ESLint `json` formatter: LintResult[] with `filePath`, `messages`, `errorCount`, … (eslint.org formatters).
  if (typeof e.filePath === "string" && Array.isArray(e.messages)) return "eslint";
  // Gitleaks v8 report.Finding (`RuleID` is written last, hence the other v8-only fields) and v7 leaks (`rule`, `offender`).
  if ((typeof e.RuleID === "string" && ("Secret" in e || "Match" in e)) || has(e, "Secret", "Match", "StartLine")) return "gitleaks";
  if (typeof e.rule === "string" && "offender" in e) return "gitleaks";
  // retire.js < 2 `--outputformat json`: `[{ file, results: [{ component, version, vulnerabilities }] }]`.
  if (typeof e.file === "string" && Array.isArray(e.results)) return "retirejs";
  // Trivy before report schema 2: an array of results `{ Target, Type, Vulnerabilities }`.
  if (typeof e.Target === "string" && ("Vulnerabilities" in e || "Type" in e || "Class" in e)) return "trivy";
  return undefined;
}

/**
 * The report format of one parsed (possibly partial) JSON document, or undefined for JSON of no known shape.
 * @param complete false when the document was cut short (a 64 KiB head of a bigger file).
 */
export function classifyJsonDoc(v: unknown, { complete }: { complete: boolean }): DetectedFormat | undefined {
  if (Array.isArray(v)) return isObj(v[0]) ? classifyArrayElement(v[0]) : undefined;
  if (!isObj(v)) return undefined;
  if (isSarif(v)) return "sarif";
  // CycloneDX JSON (1.2+): `bomFormat: "CycloneDX"`; `$schema` http://cyclonedx.org/schema/bom-1.x.schema.json.
  if (v.bomFormat === "CycloneDX" || /cyclonedx\.org/i.test(str(v.$schema))) return "cyclonedx";
  // SPDX 2.x JSON (`spdxVersion: "SPDX-2.3"`, `SPDXID: "SPDXRef-DOCUMENT"`) and SPDX 3 JSON-LD (`@context` spdx.org/rdf/3…).
  if (/^SPDX-/.test(str(v.spdxVersion)) || v.SPDXID === "SPDXRef-DOCUMENT" || /spdx\.org\/rdf/i.test(str(v["@context"]))) return "spdx";
  // npm 7+ (@npmcli/arborist audit report): `auditReportVersion: 2`, `vulnerabilities`, `metadata`.
  if ("auditReportVersion" in v) return "npm_audit";
  const v6 = npmV6OrYarnBerry(v, complete);
  if (v6) return v6;
  // `npm audit --json` when the registry can't audit: `{ error: { code: "ENOAUDIT", summary, detail } }`.
  if (isObj(v.error) && v.error.code === "ENOAUDIT") return "npm_audit";
  if (isYarnAuditLine(v)) return "yarn_audit";
  // Trivy `--format json`, report schema 2: `SchemaVersion`, `ArtifactName`, `ArtifactType`, `Results[].Target`.
  if (typeof v.SchemaVersion === "number" && ("Results" in v || "ArtifactName" in v || "ArtifactType" in v)) return "trivy";
  if (typeof firstObj(v.Results)?.Target === "string") return "trivy";
  // Grype `-o json`: `matches[]` {vulnerability, relatedVulnerabilities, matchDetails, artifact}, `source`, `distro`, `descriptor`.
  if (Array.isArray(v.matches) && ("source" in v || "descriptor" in v)) return "grype";
  const match = firstObj(v.matches);
  const vuln = match?.vulnerability;
  if (match && ("artifact" in match || "matchDetails" in match || (isObj(vuln) && has(vuln, "id", "dataSource", "namespace")))) return "grype";
  if (isBandit(v)) return "bandit";
  if (isSemgrep(v)) return "semgrep";
  // retire.js 2+ `--outputformat json`: `{ version, start, data: [{ file, results }], messages, errors, time }`.
  const data = firstObj(v.data);
  if ((data && Array.isArray(data.results)) || (Array.isArray(v.data) && v.data.length === 0 && has(v, "start", "messages"))) return "retirejs";
  return undefined;
}

/** The format of an NDJSON / concatenated-JSON head (yarn audit is the only line-oriented report we know). */
export function classifyJsonLines(docs: unknown[]): DetectedFormat | undefined {
  if (docs.some(isYarnAuditLine)) return "yarn_audit";
  if (docs.slice(1).some(isYarnBerryReportLine) && npmV6OrYarnBerry(isObj(docs[0]) ? docs[0] : {}, true)) return "yarn_audit";
  return undefined;
}
