import { asArr, asObj, asStr, dependencyFinding, type Obj } from "./dependency-finding";
import { dependencySeverity } from "./severity-from-cvss";
import type { ParsedFinding } from "./types";

type Comparator = { op: string; version: string };

/** Numeric release parts of a version (`v1.2.3-beta` → [1, 2, 3]); pre-release tags are ignored. */
const parts = (v: string) => v.replace(/^v/, "").split(/[-+]/)[0]!.split(".").map((p) => Number.parseInt(p, 10) || 0);

/** Release order of two versions (-1, 0, 1), comparing the numeric parts only — enough to pick a fixed version. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/** The comparator sets of a semver range (`>=1.0.0 <1.2.3 || >= 2.0.3`), each a list of `{op, version}`. */
function comparatorSets(range: string): Comparator[][] {
  return range.split("||").map((set) =>
    [...set.matchAll(/(>=|<=|>|<|=)?\s*v?(\d+(?:\.\d+)*(?:-[0-9A-Za-z.-]+)?)/g)].map((m) => ({ op: m[1] ?? "=", version: m[2]! })),
  );
}

const inSet = (set: Comparator[], v: string) =>
  set.every(({ op, version }) => {
    const c = compareVersions(v, version);
    return op === ">=" ? c >= 0 : op === ">" ? c > 0 : op === "<=" ? c <= 0 : op === "<" ? c < 0 : true;
  });

/**
 * The first fixed version a *vulnerable* range implies: the exclusive upper bound (`<1.2.3`, `>=1.0.0 <1.2.3`,
 * `< 4.38.0` → `1.2.3`) of the comparator set holding `installed` — or of the only set when `installed` is unknown.
 * `<=` bounds and open ranges imply nothing.
 */
export function fixedFromVulnerableRange(range: unknown, installed?: string): string | undefined {
  if (typeof range !== "string") return undefined;
  const sets = comparatorSets(range).filter((s) => s.length);
  const set = (installed ? sets.find((s) => inSet(s, installed)) : undefined) ?? (sets.length === 1 ? sets[0] : undefined);
  return set?.find((c) => c.op === "<")?.version;
}

/** The lowest lower bound (`>=`) of a *patched* range above `installed` (`>= 2.6.9 < 3.0.0 || >= 3.1.0`, 2.2.0 → 2.6.9). */
export function fixedFromPatchedRange(range: unknown, installed?: string): string | undefined {
  if (typeof range !== "string") return undefined;
  const bounds = comparatorSets(range)
    .flatMap((s) => s.filter((c) => c.op === ">=" || c.op === "="))
    .map((c) => c.version)
    .filter((v) => !installed || compareVersions(v, installed) > 0)
    .sort(compareVersions);
  return bounds[0];
}

/** npm 6 `actions[]` as fix notes, keyed `<advisory id>|<path>`: `npm install express@4.16.3` (npm-audit-report). */
export function npmActionNotes(action: Obj, into: Map<string, string>): void {
  const pkg = asStr(action.module);
  if (!pkg) return;
  const major = action.isMajor === true ? " (a semver-major change)" : "";
  const note =
    action.action === "install" && asStr(action.target) ? `npm audit suggests \`npm install ${pkg}@${asStr(action.target)}\`${major}`
    : action.action === "update" ? `npm audit suggests \`npm update ${pkg} --depth ${asStr(action.depth) ?? 1}\``
    : undefined;
  if (!note) return;
  for (const r of asArr(action.resolves)) {
    const key = `${asStr(asObj(r)?.id)}|${asStr(asObj(r)?.path)}`;
    if (!into.has(key)) into.set(key, note);
  }
}

/**
 * The findings of one npm 6 advisory object (`npm audit --json` `advisories.<id>`, the registry's
 * `/-/npm/v1/security/audits` answer that yarn berry 2/3 prints, yarn 1 `auditAdvisory` `data.advisory`): one per
 * installed version in `findings[]`, at its first dependency path. Rule id: the first CVE, else the GHSA, else
 * `npm:<id>`. Severity: the advisory's level, else its CVSS score. Fixed version: the lowest patched version above the
 * installed one, else the vulnerable range's upper bound.
 * @param o.path the dependency path to report (yarn 1: `data.resolution.path`) instead of the first of `paths`.
 */
export function npmAdvisoryFindings(advisory: Obj, o: { tool: string; path?: string; actions?: Map<string, string> }): ParsedFinding[] {
  const name = asStr(advisory.module_name) ?? asStr(advisory.name);
  if (!name) return [];
  const id = asStr(advisory.id) ?? asStr(advisory.source);
  const cves = asArr(advisory.cves);
  const aliases = [...cves, advisory.github_advisory_id, advisory.url];
  const cvss = asObj(advisory.cvss);
  const ghsa = [advisory.github_advisory_id, advisory.url].map((v) => (typeof v === "string" ? /GHSA(?:-[a-z0-9]{4}){3}/i.exec(v)?.[0] : undefined)).find(Boolean);
  const ruleId = asStr(cves.find((c) => typeof c === "string" && /^CVE-/i.test(c))) ?? ghsa ?? `npm:${id ?? name}`;
  const all = asArr(advisory.findings).map(asObj).filter((f): f is Obj => !!f);
  // yarn 1 prints the whole advisory on each resolution line: keep the installed version(s) on that line's path.
  const onPath = o.path ? all.filter((f) => asArr(f.paths).includes(o.path)) : [];
  const installs = onPath.length ? onPath : all;
  return (installs.length ? installs : [{}]).map((f) => {
    const installed = asStr(f.version);
    const paths = asArr(f.paths).filter((p): p is string => typeof p === "string");
    const path = o.path ?? paths[0];
    const fixedVersion = fixedFromPatchedRange(advisory.patched_versions, installed) ?? fixedFromVulnerableRange(advisory.vulnerable_versions, installed);
    const action = o.actions?.get(`${id}|${path}`);
    return dependencyFinding({
      tool: o.tool,
      ruleId,
      aliases,
      severity: dependencySeverity(advisory.severity, [cvss?.score]),
      advisoryTitle: advisory.title,
      description: advisory.overview,
      name,
      ecosystem: "npm",
      installedVersion: installed,
      keyVersion: asStr(advisory.vulnerable_versions),
      fixedVersion,
      fixNote: action ?? (fixedVersion ? undefined : advisory.recommendation),
      helpUrl: advisory.url,
      cwe: advisory.cwe,
      path,
      evidence: {
        npmAdvisoryId: id,
        vulnerableVersions: advisory.vulnerable_versions,
        patchedVersions: advisory.patched_versions,
        paths,
        dev: f.dev,
        cvssScore: cvss?.score,
        cvssVector: cvss?.vectorString,
      },
    });
  });
}
