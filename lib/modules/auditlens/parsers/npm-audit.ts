import { streamJsonValues } from "./json-input";
import { advisoryAliases, asArr, asObj, asStr, dependencyFinding, notAReport, type Obj, toolFailed } from "./dependency-finding";
import { fixedFromVulnerableRange, npmActionNotes, npmAdvisoryFindings } from "./npm-audit-advisory";
import { dependencySeverity } from "./severity-from-cvss";
import type { ParsedFinding, ReportParser } from "./types";

const FORMAT = "npm_audit";
// Top-level keys of both report versions; `advisories.<id>` / `vulnerabilities.<package>` are streamed one by one
// (`.+`: package names may contain dots, and nothing inside a picked value is matched again).
const FILTER = /^(?:auditReportVersion|runId|error|metadata\.vulnerabilities|actions\.\d+|advisories\..+|vulnerabilities\..+)$/;

/**
 * One npm 7+ `vulnerabilities.<package>` entry (@npmcli/arborist audit report): a finding per advisory object in
 * `via` — the package that has the advisory. String `via` entries (the package is vulnerable only through a
 * dependency, reported on that dependency's own entry) yield nothing. npm 7+ never gives installed versions: the
 * title shows the entry's vulnerable `range`, the key uses the advisory's `range` (stable from run to run).
 */
function v7Findings(entry: Obj, key: string): ParsedFinding[] {
  const name = asStr(entry.name) ?? key;
  const fix = entry.fixAvailable;
  const fixObj = asObj(fix);
  const nodes = asArr(entry.nodes).filter((n): n is string => typeof n === "string");
  return asArr(entry.via)
    .map(asObj)
    .filter((v): v is Obj => !!v)
    .map((via) => {
      const pkg = asStr(via.name) ?? name;
      const ghsa = advisoryAliases([via.url]).find((i) => i.startsWith("GHSA-"));
      const own = fixObj && asStr(fixObj.name) === pkg;
      const major = fixObj?.isSemVerMajor === true ? " (a semver-major change)" : "";
      const cvss = asObj(via.cvss);
      return dependencyFinding({
        tool: "npm-audit",
        ruleId: ghsa ?? `npm:${asStr(via.source) ?? pkg}`,
        aliases: [via.url],
        severity: dependencySeverity(via.severity ?? entry.severity, [cvss?.score]),
        advisoryTitle: via.title,
        name: pkg,
        ecosystem: "npm",
        versionLabel: asStr(entry.range),
        keyVersion: asStr(via.range) ?? asStr(entry.range),
        fixedVersion: own ? asStr(fixObj.version) : fixedFromVulnerableRange(via.range),
        fixNote:
          fixObj && !own ? `npm audit suggests \`npm install ${asStr(fixObj.name)}@${asStr(fixObj.version)}\`${major}`
          : fix === true ? "`npm audit fix` resolves it"
          : fix === false ? "npm audit knows no fix" : undefined,
        helpUrl: via.url,
        cwe: via.cwe,
        path: nodes[0],
        evidence: {
          npmAdvisoryId: via.source,
          vulnerableRange: entry.range,
          advisoryRange: via.range,
          nodes,
          isDirect: entry.isDirect,
          cvssScore: cvss?.score,
          cvssVector: cvss?.vectorString,
        },
      });
    });
}

/**
 * Parse `npm audit --json`: npm 6 (npm-audit-report: `actions[]`, `advisories` keyed by id with `findings[].version`
 * / `paths`, `muted`, `metadata`, `runId`) and npm 7+ (`auditReportVersion: 2`, `vulnerabilities` keyed by package
 * with `via`, `range`, `nodes`, `fixAvailable`). Advisories and package entries are streamed one at a time.
 * npm 6: one finding per advisory × installed version (see `npmAdvisoryFindings`); npm 7+: one per advisory object
 * in a package's `via`. Findings sharing a dependency key are merged at ingestion.
 * `stats.itemsRead` = advisories (npm 6) or package entries (npm 7+) read. See docs/formats/npm_audit.md.
 * @throws AppError `VALIDATION_ERROR`: `reason: "tool_error"` for npm's `{"error": {code: "ENOAUDIT", summary}}`
 *   (the audit did not run — not zero findings); `"wrong_shape"` for other JSON; `"malformed_report"` (json-input).
 */
export const parseNpmAudit: ReportParser = async function* (input, stats) {
  const actions = new Map<string, string>();
  let recognised = false;
  for await (const { path, value } of streamJsonValues(input, { format: FORMAT, filter: FILTER })) {
    const [top, ...rest] = path.split(".");
    const item = asObj(value);
    let found: ParsedFinding[] = [];
    if (top === "error") {
      throw toolFailed(FORMAT, "npm audit", item ? { code: item.code, message: item.summary ?? item.detail ?? item.message } : { message: value });
    } else if (top === "actions") {
      if (item) npmActionNotes(item, actions);
    } else if (top === "advisories") {
      stats.itemsRead++;
      if (item) found = npmAdvisoryFindings(item, { tool: "npm-audit", actions });
    } else if (top === "vulnerabilities") {
      stats.itemsRead++;
      if (item) found = v7Findings(item, rest.join("."));
    }
    recognised = true;
    yield* found;
  }
  if (!recognised) throw notAReport(FORMAT, "npm audit", "no `advisories`, `vulnerabilities`, `auditReportVersion` or `metadata.vulnerabilities`");
};
