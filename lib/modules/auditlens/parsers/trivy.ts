import { streamJsonValues } from "./json-input";
import { reportText, TEXT_LIMITS } from "./report-text";
import { asArr, asObj, asStr, boundEvidence, cweIds, dependencyFinding, httpUrl, notAReport, type Obj } from "./dependency-finding";
import { dependencySeverity, severityFromLevel } from "./severity-from-cvss";
import type { ParsedFinding, ReportParser } from "./types";

const FORMAT = "trivy";
// Schema 2 (`Results.<i>.…`) and the older top-level array of results (`<i>.…`); Trivy (Go) writes `Target`, `Class`
// and `Type` before a result's lists, so they are known when its items stream by. `Packages` etc. are skipped.
const FILTER = /^(?:SchemaVersion|ArtifactName|ArtifactType|(?:Results\.)?\d+\.(?:Target|Class|Type)|(?:Results\.)?\d+\.(?:Vulnerabilities|Misconfigurations|Secrets)\.\d+)$/;

/** Why there is no fixed version, by Trivy vulnerability status (trivy docs, "Filtering: By Status"). */
const UNFIXED: Record<string, string> = {
  affected: "No fixed version has been released yet (Trivy status: affected)",
  will_not_fix: "The vendor will not fix it (Trivy status: will_not_fix): mitigate, or replace the package or base image",
  fix_deferred: "The vendor deferred the fix (Trivy status: fix_deferred)",
  end_of_life: "The distribution release is end of life (Trivy status: end_of_life): move to a supported base image",
};

type Result = { index: string; Target?: string; Class?: string; Type?: string };

/** The CVSS of the severity source (else NVD, else the first vendor): `{ source, vector, score }` with the newest version's score. */
function pickCvss(v: Obj): { source: string; vector?: string; score?: number } | undefined {
  const all = asObj(v.CVSS);
  if (!all) return undefined;
  const source = [asStr(v.SeveritySource), "nvd", ...Object.keys(all)].find((s) => s && asObj(all[s]));
  const c = source ? asObj(all[source])! : undefined;
  if (!c || !source) return undefined;
  const score = [c.V40Score, c.V3Score, c.V2Score].find((s) => typeof s === "number") as number | undefined;
  return { source, vector: asStr(c.V40Vector) ?? asStr(c.V3Vector) ?? asStr(c.V2Vector), score };
}

/** A `DetectedVulnerability`: kind dependency. `Status: not_affected` (the vendor says the package is safe) yields nothing. */
function vulnerability(v: Obj, r: Result): ParsedFinding | undefined {
  const status = asStr(v.Status);
  const name = asStr(v.PkgName);
  const id = asStr(v.VulnerabilityID);
  if (status === "not_affected" || !name || !id) return undefined;
  const cvss = pickCvss(v);
  const fixed = asStr(v.FixedVersion);
  const purlType = /^pkg:([a-z0-9.+-]+)\//i.exec(asStr(asObj(v.PkgIdentifier)?.PURL) ?? "")?.[1];
  return dependencyFinding({
    tool: "trivy",
    ruleId: id,
    aliases: asArr(v.VendorIDs),
    severity: dependencySeverity(v.Severity, [cvss?.score]),
    advisoryTitle: v.Title,
    description: v.Description,
    name,
    ecosystem: purlType ?? r.Type,
    installedVersion: asStr(v.InstalledVersion),
    fixedVersion: fixed,
    fixNote: fixed ? undefined : UNFIXED[status ?? ""],
    helpUrl: v.PrimaryURL,
    cwe: v.CweIDs,
    path: asStr(v.PkgPath) ?? r.Target,
    evidence: {
      target: r.Target,
      class: r.Class,
      type: r.Type,
      status,
      severitySource: v.SeveritySource,
      dataSource: asObj(v.DataSource)?.Name,
      cvss,
      pkgId: v.PkgID,
      layer: asObj(v.Layer)?.DiffID,
      vendorIds: asArr(v.VendorIDs),
    },
  });
}

/** A failed `DetectedMisconfiguration` (`Status: FAIL`; PASS/EXCEPTION from `--include-non-failures` yield nothing): kind code, category iac. */
function misconfiguration(m: Obj, r: Result): ParsedFinding | undefined {
  const status = asStr(m.Status);
  const id = asStr(m.ID) ?? asStr(m.AVDID);
  if ((status && status !== "FAIL") || !id) return undefined;
  const cause = asObj(m.CauseMetadata);
  const lines = asArr(asObj(cause?.Code)?.Lines).map(asObj).filter((l): l is Obj => !!l);
  const title = reportText(m.Title, TEXT_LIMITS.title);
  return {
    kind: "code",
    tool: "trivy",
    ruleId: reportText(id, TEXT_LIMITS.id) ?? "unknown",
    category: "iac",
    severity: severityFromLevel(m.Severity) ?? "low",
    title: reportText(title ? `${title} (${id})` : id, TEXT_LIMITS.title) ?? "Trivy misconfiguration",
    description: reportText([m.Description, m.Message].filter((s) => typeof s === "string").join("\n"), TEXT_LIMITS.description),
    confidence: 0.9,
    suggestedFix: reportText(m.Resolution, TEXT_LIMITS.message),
    helpUrl: httpUrl(m.PrimaryURL),
    location: {
      path: reportText(r.Target, TEXT_LIMITS.message),
      startLine: typeof cause?.StartLine === "number" && cause.StartLine > 0 ? cause.StartLine : undefined,
      endLine: typeof cause?.EndLine === "number" && cause.EndLine > 0 ? cause.EndLine : undefined,
      snippet: reportText(lines.map((l) => asStr(l.Content) ?? "").join("\n"), TEXT_LIMITS.snippet),
    },
    cwe: cweIds(m.CweIDs),
    evidence: boundEvidence({ target: r.Target, type: m.Type, avdId: m.AVDID, namespace: m.Namespace, message: m.Message, resource: cause?.Resource, provider: cause?.Provider, service: cause?.Service }),
  };
}

/** A `DetectedSecret` (Trivy already masks the match; `reportText` redacts again): kind secret. */
function secret(s: Obj, r: Result): ParsedFinding | undefined {
  const id = asStr(s.RuleID);
  if (!id) return undefined;
  const title = reportText(s.Title, TEXT_LIMITS.title);
  return {
    kind: "secret",
    tool: "trivy",
    ruleId: reportText(id, TEXT_LIMITS.id) ?? "unknown",
    category: "secret",
    severity: severityFromLevel(s.Severity) ?? "high",
    title: reportText(`${title ?? id}${r.Target ? ` in ${r.Target}` : ""}`, TEXT_LIMITS.title) ?? "Trivy secret",
    confidence: 0.9,
    suggestedFix: "Revoke and rotate this credential, then remove it from the file and from the repository history.",
    location: {
      path: reportText(r.Target, TEXT_LIMITS.message),
      startLine: typeof s.StartLine === "number" && s.StartLine > 0 ? s.StartLine : undefined,
      endLine: typeof s.EndLine === "number" && s.EndLine > 0 ? s.EndLine : undefined,
      snippet: reportText(s.Match, TEXT_LIMITS.snippet),
    },
    evidence: boundEvidence({ target: r.Target, category: s.Category, layer: asObj(s.Layer)?.DiffID }),
  };
}

/**
 * Parse Trivy `--format json`: report schema 2 (`SchemaVersion`, `ArtifactName`, `Results[] { Target, Class, Type,
 * Vulnerabilities[], Misconfigurations[], Secrets[] }`, trivy pkg/types `Report`) and the pre-0.20 top-level array of
 * results. Each list item is streamed on its own. Vulnerabilities → kind dependency (not_affected skipped);
 * misconfigurations → kind code, category iac (failures only); secrets → kind secret. `Licenses` are not read.
 * Same-key vulnerabilities merge at ingestion (findings/fingerprint.ts). `stats.itemsRead` = list items read.
 * See docs/formats/trivy.md.
 * @throws AppError `VALIDATION_ERROR`: `reason: "wrong_shape"` for JSON without `SchemaVersion`/`ArtifactName`/
 *   `Results[].Target`, `"malformed_report"` (json-input) for broken JSON.
 */
export const parseTrivy: ReportParser = async function* (input, stats) {
  let recognised = false;
  let result: Result = { index: "" };
  for await (const { path, value } of streamJsonValues(input, { format: FORMAT, filter: FILTER })) {
    const m = /^(?:Results\.)?(\d+)\.(\w+)(?:\.\d+)?$/.exec(path);
    if (!m) {
      recognised = true;
      continue;
    }
    const [, index, key] = m as unknown as [string, string, string];
    if (result.index !== index) result = { index };
    if (key === "Target" || key === "Class" || key === "Type") {
      recognised = true;
      result[key] = asStr(value);
      continue;
    }
    stats.itemsRead++;
    const item = asObj(value);
    if (!item) continue;
    const f = key === "Vulnerabilities" ? vulnerability(item, result) : key === "Misconfigurations" ? misconfiguration(item, result) : secret(item, result);
    if (f) yield f;
  }
  if (!recognised) throw notAReport(FORMAT, "Trivy", "no `SchemaVersion`, `ArtifactName` or `Results[].Target`");
};
