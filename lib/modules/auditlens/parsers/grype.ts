import { streamJsonValues } from "./json-input";
import { asArr, asObj, asStr, dependencyFinding, notAReport, type Obj } from "./dependency-finding";
import { dependencySeverity } from "./severity-from-cvss";
import type { ParsedFinding, ReportParser } from "./types";

const FORMAT = "grype";
// `matches` comes first in Grype's document (then `source`, `distro`, `descriptor`): each match is streamed on its own.
const FILTER = /^(?:matches\.\d+|source\.type|distro\.name|descriptor\.name)$/;

/** The newest-version CVSS entry (`{ version, vector, metrics.baseScore }`) of the vulnerability, else of a related one. */
function pickCvss(vulns: Obj[]): { version?: string; vector?: string; score?: number } | undefined {
  for (const v of vulns) {
    const best = asArr(v.cvss)
      .map(asObj)
      .filter((c): c is Obj => !!c && typeof asObj(c.metrics)?.baseScore === "number")
      .sort((a, b) => Number.parseFloat(asStr(b.version) ?? "0") - Number.parseFloat(asStr(a.version) ?? "0"))[0];
    if (best) return { version: asStr(best.version), vector: asStr(best.vector), score: asObj(best.metrics)!.baseScore as number };
  }
  return undefined;
}

/** Grype has no advisory title: the description's first sentence, at most 120 characters. */
function firstSentence(s: unknown): string | undefined {
  if (typeof s !== "string") return undefined;
  const line = s.trim().split(/\n/)[0]!;
  const sentence = /^.*?[.!?](?=\s|$)/.exec(line)?.[0] ?? line;
  return sentence.length > 120 ? `${sentence.slice(0, 117).trimEnd()}…` : sentence.replace(/\.$/, "");
}

const UNFIXED: Record<string, string> = {
  "not-fixed": "No fixed version has been released yet (Grype fix state: not-fixed)",
  "wont-fix": "The vendor will not fix it (Grype fix state: wont-fix): mitigate, or replace the package or base image",
};

/** One `matches[]` item (grype `models.Match`): kind dependency, aliases = the id + `relatedVulnerabilities[].id`. */
function matchFinding(m: Obj): ParsedFinding | undefined {
  const v = asObj(m.vulnerability);
  const a = asObj(m.artifact);
  const id = asStr(v?.id);
  const name = mavenName(asStr(a?.purl)) ?? asStr(a?.name);
  if (!v || !a || !id || !name) return undefined;
  const related = asArr(m.relatedVulnerabilities).map(asObj).filter((r): r is Obj => !!r);
  const cvss = pickCvss([v, ...related]);
  const fix = asObj(v.fix);
  const state = asStr(fix?.state);
  const detail = asObj(asArr(m.matchDetails)[0]);
  const suggested = asArr(m.matchDetails).map((d) => asStr(asObj(asObj(d)?.fix)?.suggestedVersion)).find(Boolean);
  const versions = !state || state === "fixed" ? asArr(fix?.versions).map(asStr).filter(Boolean) : [];
  const fixedVersion = suggested ?? (versions.length ? versions.join(", ") : undefined);
  const locations = asArr(a.locations).map((l) => asStr(asObj(l)?.path)).filter((p): p is string => !!p);
  const description = asStr(v.description) ?? related.map((r) => asStr(r.description)).find(Boolean);
  const epss = asObj(asArr(v.epss)[0]);
  return dependencyFinding({
    tool: "grype",
    ruleId: id,
    aliases: related.map((r) => r.id),
    severity: dependencySeverity(v.severity, [cvss?.score]),
    advisoryTitle: firstSentence(description),
    description,
    name,
    ecosystem: /^pkg:([a-z0-9.+-]+)\//i.exec(asStr(a.purl) ?? "")?.[1] ?? asStr(a.type),
    installedVersion: asStr(a.version),
    fixedVersion,
    fixNote: fixedVersion ? undefined : UNFIXED[state ?? ""],
    helpUrl: [v.dataSource, ...asArr(v.urls)].find((u) => typeof u === "string" && /^https?:\/\//.test(u)),
    cwe: asArr(v.cwes).map((c) => asObj(c)?.cwe ?? c),
    path: locations[0],
    evidence: {
      namespace: v.namespace,
      dataSource: v.dataSource,
      cvss,
      fixState: state,
      matcher: detail?.matcher,
      matchType: detail?.type,
      versionConstraint: asObj(detail?.found)?.versionConstraint,
      locations,
      purl: a.purl,
      artifactType: a.type,
      relatedIds: related.map((r) => r.id),
      epss: epss?.epss,
      epssPercentile: epss?.percentile,
      risk: v.risk,
    },
  });
}

/**
 * A Maven package as `groupId:artifactId` from its purl (`pkg:maven/org.apache.commons/commons-compress@1.14`), the
 * name Trivy and OSV use; Grype's `artifact.name` is the artifactId alone, which would not merge with them.
 */
function mavenName(purl: string | undefined): string | undefined {
  const m = /^pkg:maven\/([^/@?#]+)\/([^/@?#]+)/i.exec(purl ?? "");
  return m ? `${decodeURIComponent(m[1]!)}:${decodeURIComponent(m[2]!)}` : undefined;
}

/**
 * Parse Grype `-o json` (grype `presenter/models.Document`: `matches[] { vulnerability { id, severity, cvss[], fix {
 * versions, state }, urls, dataSource }, relatedVulnerabilities[], matchDetails[], artifact { name, version, type,
 * locations, purl } }`, `source`, `distro`, `descriptor`), one match at a time. The dependency key takes the CVE
 * among the match's id and `relatedVulnerabilities` (a GHSA match merges with Trivy's CVE). Every match is yielded: ingestion merges
 * those with the same key (another location of one package version). `stats.itemsRead` = matches read. See docs/formats/grype.md.
 * @throws AppError `VALIDATION_ERROR`: `reason: "wrong_shape"` for JSON without `matches[]`/`source`/`descriptor`,
 *   `"malformed_report"` (json-input) for broken JSON.
 */
export const parseGrype: ReportParser = async function* (input, stats) {
  let recognised = false;
  for await (const { path, value } of streamJsonValues(input, { format: FORMAT, filter: FILTER })) {
    recognised = true;
    if (!path.startsWith("matches.")) continue;
    stats.itemsRead++;
    const f = asObj(value) ? matchFinding(asObj(value)!) : undefined;
    if (f) yield f;
  }
  if (!recognised) throw notAReport(FORMAT, "Grype", "no `matches[]`, `source` or `descriptor`");
};
