import { AppError } from "@/lib/errors";
import { dependencyKey } from "./dependency-key";
import { reportText, TEXT_LIMITS } from "./report-text";
import type { ParsedFinding, Severity } from "./types";

/** Shared by the vulnerable-dependency parsers (npm audit, yarn audit, Trivy, Grype, retire.js). */
export type Obj = Record<string, unknown>;
export const asObj = (v: unknown): Obj | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
export const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** A non-empty trimmed string (numbers as decimal text), else undefined. Not sanitised: ids and versions for keys. */
export const asStr = (v: unknown): string | undefined =>
  typeof v === "string" ? v.trim() || undefined : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;

const CVE = /\bCVE-\d{4}-\d{4,}\b/gi;
const GHSA = /\bGHSA(?:-[23456789cfghjmpqrvwx]{4}){3}\b/gi;

/** CVE and GHSA ids in `values` (ids or URLs such as `https://github.com/advisories/GHSA-…`), normalised, unique. */
export function advisoryAliases(values: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (typeof v !== "string") continue;
    for (const m of v.matchAll(CVE)) out.add(m[0].toUpperCase());
    for (const m of v.matchAll(GHSA)) out.add(`GHSA-${m[0].slice(5).toLowerCase()}`);
  }
  return [...out];
}

/** CWE ids as `CWE-79` from `"CWE-79"`, `79`, `["CWE-79"]` or npm's JSON-in-a-string `"[\"CWE-346\"]"`; `"CWE-"` is dropped. */
export function cweIds(v: unknown): string[] | undefined {
  const raw = typeof v === "string" && v.trim().startsWith("[") ? v.match(/\d+/g) ?? [] : Array.isArray(v) ? v : [v];
  const ids = new Set<string>();
  for (const r of raw) {
    const m = typeof r === "number" ? [String(r), String(r)] : typeof r === "string" ? /^\s*(?:CWE-)?(\d+)\s*$/i.exec(r) : null;
    if (m) ids.add(`CWE-${Number(m[1])}`);
  }
  return ids.size ? [...ids] : undefined;
}

/** An http(s) URL from the report, sanitised and bounded; anything else (`javascript:`, relative, empty) → undefined. */
export function httpUrl(v: unknown): string | undefined {
  const url = reportText(v, TEXT_LIMITS.message);
  return url && /^https?:\/\/\S+$/i.test(url) ? url : undefined;
}

/** Evidence bounded: primitives kept (strings sanitised, ≤ 500 chars), arrays ≤ 10 items (+ `<key>Count`), objects one level deep. */
export function boundEvidence(e: Obj): Obj | undefined {
  const prim = (v: unknown, max = 500): unknown => (typeof v === "string" ? reportText(v, max) : typeof v === "number" || typeof v === "boolean" ? v : undefined);
  const out: Obj = {};
  for (const [k, v] of Object.entries(e)) {
    if (Array.isArray(v)) {
      const items = v.slice(0, 10).map((i) => prim(i, 300)).filter((i) => i !== undefined);
      if (items.length) out[k] = items;
      if (v.length > 10) out[`${k}Count`] = v.length;
    } else if (asObj(v)) {
      const inner = Object.fromEntries(Object.entries(asObj(v)!).slice(0, 20).map(([ik, iv]) => [ik, prim(iv)]).filter(([, iv]) => iv !== undefined));
      if (Object.keys(inner).length) out[k] = inner;
    } else if (prim(v) !== undefined) out[k] = prim(v);
  }
  return Object.keys(out).length ? out : undefined;
}

export type DependencyFindingInput = {
  tool: string;
  /** The advisory id the tool names (CVE, GHSA, npm advisory id, …). */
  ruleId: string;
  /** Raw ids and advisory URLs; their CVE/GHSA ids (with the rule id's) become `vulnerabilityIds`. */
  aliases?: readonly unknown[];
  severity: Severity;
  advisoryTitle?: unknown;
  description?: unknown;
  name: string;
  ecosystem?: string;
  installedVersion?: string;
  /** The version the title shows when the installed one is unknown (npm 7+: the vulnerable range). */
  versionLabel?: string;
  /** The dedupe key's version when the installed one is unknown. */
  keyVersion?: string;
  fixedVersion?: string;
  /** Appended to "Upgrade x to y" (the tool's own fix command), or the whole fix when no fixed version is known. */
  fixNote?: unknown;
  helpUrl?: unknown;
  cwe?: unknown;
  confidence?: number;
  path?: string;
  kind?: ParsedFinding["kind"];
  location?: ParsedFinding["location"];
  evidence?: Obj;
};

/**
 * A normalised vulnerable-dependency finding: title `lodash 4.17.15: Prototype Pollution (CVE-2020-8203)`, fix
 * `Upgrade lodash to 4.17.21`, every text field through `reportText`, and `toolFingerprint` =
 * {@link dependencyKey}(CVE/GHSA ids, else the rule id; name; installed version) so scanners merge.
 */
export function dependencyFinding(i: DependencyFindingInput): ParsedFinding {
  const ruleId = reportText(i.ruleId, TEXT_LIMITS.id) ?? "unknown";
  const name = reportText(i.name, TEXT_LIMITS.id) ?? "unknown";
  const installedVersion = reportText(i.installedVersion, TEXT_LIMITS.id);
  const fixedVersion = reportText(i.fixedVersion, TEXT_LIMITS.id);
  const ids = advisoryAliases([ruleId, ...(i.aliases ?? [])]);
  const advisoryTitle = reportText(i.advisoryTitle, TEXT_LIMITS.title);
  const version = installedVersion ?? reportText(i.versionLabel, TEXT_LIMITS.id);
  const head = `${name}${version ? ` ${version}` : ""}: `;
  const title = advisoryTitle ? `${head}${advisoryTitle}${advisoryTitle.includes(ruleId) ? "" : ` (${ruleId})`}` : `${head}${ruleId}`;
  const fixNote = reportText(i.fixNote, TEXT_LIMITS.message);
  const suggestedFix = fixedVersion ? `Upgrade ${name} to ${fixedVersion}${fixNote ? `; ${fixNote}` : ""}` : fixNote;
  return {
    kind: i.kind ?? "dependency",
    tool: i.tool,
    ruleId,
    category: "dependency",
    severity: i.severity,
    title: reportText(title, TEXT_LIMITS.title) ?? ruleId,
    description: reportText(i.description, TEXT_LIMITS.description),
    confidence: i.confidence ?? 0.9,
    suggestedFix,
    helpUrl: httpUrl(i.helpUrl),
    // The package's path as the location, so ingestion unites the paths of same-key findings (`evidence.locations`).
    location: i.location ?? (i.path ? { path: reportText(i.path, TEXT_LIMITS.message) } : undefined),
    cwe: cweIds(i.cwe),
    vulnerabilityIds: ids.length ? ids : undefined,
    package: { name, ecosystem: reportText(i.ecosystem, 100), installedVersion, fixedVersion, path: reportText(i.path, TEXT_LIMITS.message) },
    toolFingerprint: dependencyKey({ ids: ids.length ? ids : [ruleId], name, version: installedVersion ?? reportText(i.keyVersion, TEXT_LIMITS.id) }),
    evidence: i.evidence ? boundEvidence(i.evidence) : undefined,
  };
}

/** The VALIDATION_ERROR for well-formed JSON that is not this tool's report. */
export function notAReport(format: string, label: string, why: string): AppError {
  return new AppError("VALIDATION_ERROR", `The input is not a ${label} report (${why}).`, { reason: "wrong_shape", format });
}

/** The VALIDATION_ERROR for a report in which the tool says it failed: no findings can be read from it (not "zero"). */
export function toolFailed(format: string, label: string, o: { code?: unknown; message?: unknown }): AppError {
  const code = reportText(asStr(o.code), 100);
  const message = reportText(typeof o.message === "string" ? o.message : JSON.stringify(o.message ?? ""), 500);
  return new AppError(
    "VALIDATION_ERROR",
    `${label} failed${code ? ` (${code})` : ""}${message ? `: ${message}` : ""} — the report holds the tool's error, not its findings; re-run the scan.`,
    { reason: "tool_error", format, ...(code ? { toolCode: code } : {}) },
  );
}
