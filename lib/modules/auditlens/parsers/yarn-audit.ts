import { advisoryAliases, asArr, asObj, asStr, dependencyFinding, notAReport, type Obj, toolFailed } from "./dependency-finding";
import { fixedFromVulnerableRange, npmActionNotes, npmAdvisoryFindings } from "./npm-audit-advisory";
import { dependencySeverity } from "./severity-from-cvss";
import type { ParsedFinding, ReportParser } from "./types";
import { yarnAuditLines } from "./yarn-audit-lines";

const FORMAT = "yarn_audit";
const YARN1_TYPES = new Set(["auditAdvisory", "auditSummary", "auditAction", "info", "warning", "step", "activityStart", "activityTick", "activityEnd", "error"]);

/**
 * A yarn 4 `yarn npm audit --json` tree line `{ value: "<package>", children: { ID, Issue, URL, Severity,
 * "Vulnerable Versions", "Tree Versions", Dependents } }`: one finding per tree (installed) version. A deprecation
 * (`ID: "<package> (deprecation)"`, no URL; yarn ≥ 4 reports them unless `--no-deprecations`) is rule `deprecated`.
 */
function yarn4Findings(name: string, c: Obj): ParsedFinding[] {
  const id = c.ID;
  const deprecated = typeof id === "string" && (/\(deprecation\)\s*$/.test(id) || !c.URL);
  const ghsa = advisoryAliases([c.URL]).find((i) => i.startsWith("GHSA-"));
  const range = asStr(c["Vulnerable Versions"]);
  const versions = asArr(c["Tree Versions"]).map(asStr).filter((v): v is string => !!v);
  return (versions.length ? versions : [undefined]).map((v) =>
    dependencyFinding({
      tool: "yarn",
      ruleId: deprecated ? "deprecated" : ghsa ?? `npm:${asStr(id) ?? name}`,
      aliases: [c.URL],
      severity: dependencySeverity(c.Severity),
      advisoryTitle: deprecated ? `deprecated: ${asStr(c.Issue) ?? "no longer maintained"}` : c.Issue,
      description: c.Issue,
      name,
      ecosystem: "npm",
      installedVersion: v,
      keyVersion: range,
      fixedVersion: deprecated ? undefined : fixedFromVulnerableRange(range, v),
      fixNote: deprecated ? c.Issue : undefined,
      helpUrl: c.URL,
      evidence: { npmAdvisoryId: typeof id === "number" ? id : undefined, vulnerableVersions: range, dependents: asArr(c.Dependents), deprecation: deprecated || undefined },
    }),
  );
}

/**
 * Parse yarn's audit output, one JSON value at a time (see `yarnAuditLines`):
 * - yarn 1 `yarn audit --json` NDJSON: `auditAdvisory` lines (`data.advisory` is an npm 6 advisory,
 *   `data.resolution.path` the dependency path), `auditSummary`, `info`/`warning`, and `error` lines;
 * - yarn berry 2/3 `yarn npm audit --json`: the registry's `/-/npm/v1/security/audits/quick` answer (npm 6 shape:
 *   `advisories` keyed by id, `actions`, `metadata`) on one line, then `YN0000`-style report lines — and the same
 *   document pretty-printed (pnpm audit);
 * - yarn 4 `yarn npm audit --json` tree lines `{ value, children }` (see `yarn4Findings`).
 * Advisory findings as npm 6 (`npmAdvisoryFindings`); same-key findings merge at ingestion.
 * `stats.itemsRead` = advisory lines / advisories / tree lines read. See docs/formats/yarn_audit.md.
 * @throws AppError `VALIDATION_ERROR`: `reason: "tool_error"` for an `error` line (yarn could not audit: registry
 *   unreachable, no lockfile…), `"wrong_shape"` when no value is a yarn audit one, `"malformed_report"` by line.
 */
export const parseYarnAudit: ReportParser = async function* (input, stats) {
  let recognised = false;
  for await (const value of yarnAuditLines(input, FORMAT)) {
    const doc = asObj(value);
    if (!doc) continue;
    let found: ParsedFinding[] = [];
    const type = asStr(doc.type);
    if (type === "error" && "data" in doc) {
      throw toolFailed(FORMAT, "yarn audit", { code: doc.displayName, message: doc.data });
    } else if (type && (YARN1_TYPES.has(type) || /^YN\d{4}$/.test(asStr(doc.displayName) ?? "")) && "data" in doc) {
      recognised = true;
      const data = asObj(doc.data);
      const advisory = asObj(data?.advisory);
      if (type === "auditAdvisory" && advisory) {
        stats.itemsRead++;
        found = npmAdvisoryFindings(advisory, { tool: "yarn", path: asStr(asObj(data?.resolution)?.path) });
      }
    } else if (asObj(doc.error)) {
      const e = asObj(doc.error)!;
      throw toolFailed(FORMAT, "yarn audit", { code: e.code, message: e.summary ?? e.message ?? e.detail });
    } else if (asObj(doc.advisories)) {
      recognised = true;
      const actions = new Map<string, string>();
      for (const a of asArr(doc.actions)) if (asObj(a)) npmActionNotes(asObj(a)!, actions);
      for (const a of Object.values(asObj(doc.advisories)!)) {
        stats.itemsRead++;
        if (asObj(a)) found.push(...npmAdvisoryFindings(asObj(a)!, { tool: "yarn", actions }));
      }
    } else if (typeof doc.value === "string" && asObj(doc.children)) {
      recognised = true;
      stats.itemsRead++;
      found = yarn4Findings(doc.value, asObj(doc.children)!);
    }
    yield* found;
  }
  if (!recognised) throw notAReport(FORMAT, "yarn audit", "no `auditAdvisory`/`auditSummary` line, `advisories` object or yarn 4 `{value, children}` line");
};
