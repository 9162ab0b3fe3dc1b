import { createHash } from "node:crypto";
import { Transform } from "node:stream";
import { streamJsonValues } from "./json-input";
import { advisoryAliases, asArr, asObj, asStr, dependencyFinding, notAReport, type Obj, toolFailed } from "./dependency-finding";
import { dependencySeverity } from "./severity-from-cvss";
import type { ParsedFinding, ParserInput, ReportParser } from "./types";

const FORMAT = "retirejs";
// retire.js 2+: `{ version, start, data: [{ file, results }], messages, errors, time }`; < 2 and `jsonsimple`: the
// `data` array alone. One file entry is streamed at a time.
const FILTER = /^(?:version|start|(?:data\.)?\d+|errors\.\d+)$/;

/** The input with its first non-blank character recorded, so a bare `[]` (nothing found, retire.js < 2) is told from `{}`. */
function sniffFirstChar(input: ParserInput): { input: ParserInput; first: () => string | undefined } {
  let first: string | undefined;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (first === undefined) first = /\S/.exec(chunk.toString("latin1"))?.[0];
      done(null, chunk);
    },
  });
  input.stream.on("error", (e) => tap.destroy(e));
  return { input: { ...input, stream: input.stream.pipe(tap) }, first: () => first };
}

/**
 * Rule id of a retire.js vulnerability: its first CVE, else its GHSA (`githubID`), else `retire:<retid>`, else
 * `retire:<component>:<hash of below + summary>` (many retire.js entries carry only a summary and an issue link).
 */
function ruleIdOf(component: string, v: Obj, ids: Obj): string {
  const aliases = advisoryAliases([...asArr(ids.CVE), ids.githubID]);
  if (aliases[0]) return aliases.find((a) => a.startsWith("CVE-")) ?? aliases[0];
  if (asStr(ids.retid)) return `retire:${asStr(ids.retid)}`;
  const hash = createHash("sha256").update(`${component}|${asStr(v.atOrAbove) ?? ""}|${asStr(v.below) ?? ""}|${asStr(ids.summary) ?? ""}`).digest("hex");
  return `retire:${component}:${hash.slice(0, 12)}`;
}

/** The findings of one `data[]` entry: one per `results[].vulnerabilities[]`, at the scanned `file`. */
function entryFindings(entry: Obj, stats: { itemsRead: number }): ParsedFinding[] {
  const file = asStr(entry.file);
  return asArr(entry.results).flatMap((r) => {
    const result = asObj(r);
    const component = asStr(result?.npmname) ?? asStr(result?.component);
    if (!result || !component) return [];
    return asArr(result.vulnerabilities).flatMap((x) => {
      stats.itemsRead++;
      const v = asObj(x);
      if (!v) return [];
      const ids = asObj(v.identifiers) ?? {};
      const info = asArr(v.info).filter((u): u is string => typeof u === "string");
      return [
        dependencyFinding({
          tool: "retire.js",
          ruleId: ruleIdOf(component, v, ids),
          aliases: [...asArr(ids.CVE), ids.githubID],
          severity: dependencySeverity(v.severity, [asObj(v.cvss)?.score]),
          advisoryTitle: ids.summary,
          description: ids.summary,
          name: component,
          ecosystem: "npm",
          installedVersion: asStr(result.version),
          fixedVersion: asStr(v.below),
          helpUrl: info.find((u) => /^https?:\/\//.test(u)),
          cwe: v.cwe,
          confidence: 0.7,
          path: file,
          location: file ? { path: file } : undefined,
          evidence: { file, detection: result.detection, atOrAbove: v.atOrAbove, below: v.below, info, issue: ids.issue, bug: ids.bug, retid: ids.retid },
        }),
      ];
    });
  });
}

/**
 * Parse retire.js `--outputformat json` (retire.js node/lib/reporters/json.js): 2+ writes `{ version, start, data[] {
 * file, results[] { component, version, detection, vulnerabilities[] { identifiers { CVE[], summary, githubID, issue },
 * severity, below, atOrAbove, info[] } } }, messages, errors, time }`; < 2 and `jsonsimple` write the `data` array
 * alone. Vulnerabilities → kind dependency, confidence 0.7 (detection by file name or content signature), fixed
 * version = `below`. Same-key findings merge at ingestion. `stats.itemsRead` = vulnerabilities read.
 * See docs/formats/retirejs.md.
 * @throws AppError `VALIDATION_ERROR`: `reason: "tool_error"` when `data` is empty and `errors[]` is not (the scan did
 *   not run, e.g. the repository could not be downloaded); `"wrong_shape"`; `"malformed_report"` (json-input).
 */
export const parseRetireJs: ReportParser = async function* (raw, stats) {
  const { input, first } = sniffFirstChar(raw);
  let recognised = false;
  let entries = 0;
  let elements = 0;
  let firstError: unknown;
  for await (const { path, value } of streamJsonValues(input, { format: FORMAT, filter: FILTER })) {
    if (path === "version" || path === "start") recognised = true;
    if (path.startsWith("errors.")) firstError ??= value;
    if (!/^(?:data\.)?\d+$/.test(path)) continue;
    elements++;
    const entry = asObj(value);
    if (!entry || !Array.isArray(entry.results)) continue;
    recognised = true;
    entries++;
    yield* entryFindings(entry, stats);
  }
  if (entries === 0 && firstError !== undefined) throw toolFailed(FORMAT, "retire.js", { message: firstError });
  if (!recognised && !(first() === "[" && elements === 0)) throw notAReport(FORMAT, "retire.js", "no `data[]` of `{ file, results }` entries");
};
