import { arr, num, obj, str, strings, type Rec } from "./sarif-shape";
import type { ParsedFinding, Severity } from "./types";

/**
 * Severity, confidence, weakness and advisory ids, and the package of a SARIF result — the mapping documented in
 * docs/formats/sarif.md.
 */

const LEVELS: Record<string, Severity> = { error: "high", warning: "medium", note: "low", none: "info" };
const PRECISION: Record<string, number> = { "very-high": 0.95, high: 0.9, medium: 0.7, low: 0.5 };

/** `properties["security-severity"]` of the result, else of the rule (GitHub code scanning's CVSS score, 0–10). */
export function securitySeverity(result: Rec, rule: Rec | undefined): number | undefined {
  for (const p of [obj(result.properties), obj(rule?.properties)]) {
    const s = num(p?.["security-severity"]);
    if (s !== undefined && s >= 0 && s <= 10) return s;
  }
  return undefined;
}

/**
 * The severity of a result:
 * 1. `kind` (§3.27.9, default `fail`) other than `fail` — `pass`, `open`, `review`, `notApplicable`, `informational` —
 *    → `info` (nothing to fix, or a human must look);
 * 2. a security-severity score (see {@link securitySeverity}): ≥ 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium, > 0 low,
 *    0 → info (CVSS "none");
 * 3. `level` (§3.27.10) of the result, else the rule's `defaultConfiguration.level`, else `warning` (the spec's
 *    default): error → high, warning → medium, note → low, none → info.
 */
export function sarifSeverity(result: Rec, rule: Rec | undefined): Severity {
  const kind = str(result.kind) ?? "fail";
  if (kind !== "fail") return "info";
  const score = securitySeverity(result, rule);
  if (score !== undefined) return score >= 9 ? "critical" : score >= 7 ? "high" : score >= 4 ? "medium" : score > 0 ? "low" : "info";
  const level = str(result.level) ?? str(obj(rule?.defaultConfiguration)?.level) ?? "warning";
  return LEVELS[level] ?? "medium";
}

/**
 * How sure the tool is, 0..1: the rule's `properties.precision` (CodeQL: very-high .95, high .9, medium .7, low .5),
 * else `rank` of the result, else of the rule's `defaultConfiguration` (§3.27.11, 0–100 → /100; a rank ≤ 1 is read as
 * already 0..1, as Flawfinder writes it; -1 means unknown), else 0.8.
 */
export function sarifConfidence(result: Rec, rule: Rec | undefined): number {
  const precision = str(obj(rule?.properties)?.precision)?.toLowerCase();
  if (precision !== undefined && PRECISION[precision] !== undefined) return PRECISION[precision];
  const rank = num(result.rank) ?? num(obj(rule?.defaultConfiguration)?.rank);
  if (rank !== undefined && rank >= 0) return Math.round((rank <= 1 ? rank : Math.min(rank, 100) / 100) * 1000) / 1000;
  return 0.8;
}

/** Tags of the rule and the result (`properties.tags`, §3.8.4). */
export const tagsOf = (result: Rec, rule: Rec | undefined): string[] => [...strings(obj(rule?.properties)?.tags), ...strings(obj(result.properties)?.tags)];

const CWE = /cwe[-_:\s]?0*(\d{1,6})/gi;
const cwesIn = (s: string) => [...s.matchAll(CWE)].map((m) => `CWE-${Number(m[1])}`);

/**
 * CWE ids (`CWE-79`) of a result: CWE-shaped tags (`external/cwe/cwe-079`, `CWE-79: …`), `properties.cwe` strings
 * (njsscan, mobsfscan: `"CWE-532 Insertion of …"`), and `relationships` of the rule / `taxa` of the result whose
 * target is in a taxonomy named CWE (§3.52.4; `taxonomyOf` names the taxonomy a `toolComponent` reference points to).
 */
export function sarifCwes(result: Rec, rule: Rec | undefined, taxonomyOf: (ref: Rec | undefined) => string | undefined): string[] {
  const out: string[] = [];
  for (const t of tagsOf(result, rule)) out.push(...cwesIn(t));
  for (const p of [obj(rule?.properties), obj(result.properties)]) for (const s of [...strings(p?.cwe), ...strings(p?.cwes)]) out.push(...cwesIn(s));
  const refs = [...arr(rule?.relationships).map((r) => obj(r)?.target), ...arr(result.taxa)];
  for (const ref of refs.map(obj)) {
    const taxonomy = taxonomyOf(obj(ref?.toolComponent));
    const id = str(ref?.id);
    if (id === undefined || taxonomy === undefined || !/cwe/i.test(taxonomy)) continue;
    out.push(...(/^\d+$/.test(id) ? [`CWE-${Number(id)}`] : cwesIn(id)));
  }
  return [...new Set(out)];
}

const ADVISORY = /\b(?:CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})\b/gi;

/** CVE and GHSA ids in the rule id, the rule's id and name, and the tags (container scanners use the CVE as rule id). */
export function vulnerabilityIds(ruleId: string, result: Rec, rule: Rec | undefined): string[] {
  const texts = [ruleId, str(rule?.id), str(rule?.name), ...tagsOf(result, rule)].filter((s): s is string => s !== undefined);
  const ids = texts.flatMap((t) => [...t.matchAll(ADVISORY)].map((m) => (/^cve/i.test(m[0]) ? m[0].toUpperCase() : `GHSA${m[0].slice(4).toLowerCase()}`)));
  return [...new Set(ids)];
}

const ECOSYSTEMS: Record<string, string> = { "java-archive": "maven", npm: "npm", python: "pypi", gem: "rubygems", "go-module": "go", "rust-crate": "cargo", "php-composer": "composer", dotnet: "nuget" };

function field(texts: readonly string[], ...labels: string[]): string | undefined {
  for (const label of labels) {
    const re = new RegExp(`^[ \\t]*\\**${label}\\**[ \\t]*:[ \\t]*([^\\n]*\\S)`, "im");
    for (const t of texts) {
      const v = re.exec(t)?.[1]?.trim();
      if (v) return v;
    }
  }
  return undefined;
}

/**
 * The vulnerable package a result describes, from the `Package:` / `Installed Version:` (`Version:`) / `Fixed
 * Version:` (`Fix Version:`) / `Type:` lines that Trivy and Grype write into the result message and the rule's help,
 * else Grype's rule short description (`… vulnerability for <name> package`). Undefined when no package is named.
 */
export function sarifPackage(texts: readonly string[], rule: Rec | undefined): ParsedFinding["package"] | undefined {
  const name = field(texts, "Package") ?? /vulnerability for (\S+) package/i.exec(str(obj(rule?.shortDescription)?.text) ?? "")?.[1];
  if (name === undefined) return undefined;
  const pkg: NonNullable<ParsedFinding["package"]> = { name };
  const installed = field(texts, "Installed Version", "Version");
  if (installed !== undefined) pkg.installedVersion = installed;
  const fixed = field(texts, "Fixed Version", "Fix Version");
  if (fixed !== undefined) pkg.fixedVersion = fixed;
  const type = field(texts, "Type")?.toLowerCase();
  if (type !== undefined) pkg.ecosystem = ECOSYSTEMS[type] ?? type;
  return pkg;
}

/**
 * The tool's identity of a result: `fingerprints` (§3.27.16) → `key:value` of the lexicographically first key; else
 * `partialFingerprints` (§3.27.17, GitHub's `primaryLocationLineHash`) as `key:value` pairs sorted by key, joined by
 * `|`; else undefined. Values are bounded to 200 characters each, at most 10 partial fingerprints.
 */
export function sarifFingerprint(result: Rec): string | undefined {
  const pairs = (v: unknown) =>
    Object.entries(obj(v) ?? {})
      .filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, val]) => `${k.slice(0, 100)}:${val.slice(0, 200)}`);
  const full = pairs(result.fingerprints);
  if (full.length > 0) return full[0];
  const partial = pairs(result.partialFingerprints).slice(0, 10);
  return partial.length > 0 ? partial.join("|") : undefined;
}

/** A suppressed result (§3.27.23, §3.35.3): a non-empty `suppressions` none of which is `underReview` or `rejected`. */
export function isSuppressed(result: Rec): boolean {
  const s = arr(result.suppressions);
  return s.length > 0 && !s.some((x) => ["underReview", "rejected"].includes(str(obj(x)?.status) ?? "accepted"));
}
