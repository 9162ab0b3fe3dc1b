import { malformedReport, streamJsonValues } from "./json-input";
import { baseIds, emptyRunPaths, uriRef } from "./sarif-location";
import { sarifResultToFinding, type RunContext } from "./sarif-result";
import { str } from "./sarif-shape";
import { indexTool } from "./sarif-tool";
import type { ParsedFinding, ParseStats, ReportParser } from "./types";

/** Results of a run held back while its `tool` has not been read yet (a writer that emits `results` first). */
export const MAX_PENDING_RESULTS = 1000;

// `artifacts.<i>` for i < 5000: the artifacts kept per run for `artifactLocation.index` look-ups (a run may list
// millions); the rest are skipped token by token. Written out because a regex cannot compare numbers.
const ARTIFACT_INDEX = String.raw`(?:\d{1,3}|[0-4]\d{3})`;

// The parts of a log assembled one at a time: each run's `tool` (driver + extensions, with their rules), its
// `originalUriBaseIds`, the `location` of its first artifacts, its invocations' working directories, its taxonomies'
// names, and each result on its own. Everything else — notifications, artifact contents, graphs — is skipped.
const PICK = String.raw`^runs\.\d+\.(?:tool|originalUriBaseIds|results\.\d+|artifacts\.${ARTIFACT_INDEX}\.location|invocations\.\d{1,2}\.workingDirectory|taxonomies\.\d{1,3}\.name)$`;
const PART = /^runs\.(\d+)\.([A-Za-z]+)(?:\.(\d+))?/;

/**
 * The pick filter. json-input tests it against the path of every value it meets (picked or not), so it also records
 * whether the log has a top-level `runs` array — the one thing that makes a JSON document a SARIF log — without ever
 * assembling `runs` itself.
 */
class SarifFilter extends RegExp {
  runs: "absent" | "seen" | "not-array" = "absent";

  constructor() {
    super(PICK);
  }

  override test(path: string): boolean {
    if (path === "runs") {
      if (this.runs === "absent") this.runs = "seen";
    } else if (path.startsWith("runs.") && !/^runs\.\d/.test(path)) this.runs = "not-array";
    return super.test(path);
  }
}

type Run = RunContext & { pending: unknown[]; overflowed: boolean };

const newRun = (index: number): Run => ({ index, paths: emptyRunPaths(), taxonomyNames: [], pending: [], overflowed: false });

function* drain(run: Run): Generator<ParsedFinding> {
  const pending = run.pending;
  run.pending = [];
  for (const r of pending) {
    const f = sarifResultToFinding(r, run);
    if (f) yield f;
  }
}

/**
 * The SARIF parser (OASIS SARIF 2.1.0, errata 01; `2.1.0-rtm.N` drafts and logs with only a `$schema` read the same):
 * one finding per `result` of every run, streamed — the log is never one string nor one object graph, only one run's
 * `tool` and one result at a time (stream-json via {@link streamJsonValues}).
 *
 * - Severity: `kind` ≠ `fail` → info; else `security-severity` (result, then rule): ≥ 9 critical, ≥ 7 high, ≥ 4 medium,
 *   > 0 low; else `level` (result, then rule default, then `warning`): error → high, warning → medium, note → low,
 *   none → info. Confidence: rule `precision`, else `rank` / 100, else 0.8.
 * - Skipped, but counted in `stats.itemsRead`: suppressed results (non-empty `suppressions`, none `underReview` or
 *   `rejected`) and `baselineState: "absent"` (fixed).
 * - "The same finding" (`toolFingerprint`): `fingerprints` (first key), else sorted `partialFingerprints` — GitHub code
 *   scanning's alert matching; a dependency finding without either gets the cross-tool `dependencyKey`.
 * - Order: a run's results normally follow its `tool`; up to {@link MAX_PENDING_RESULTS} results read before it wait
 *   for it, later ones (and those) are reported without rule metadata.
 * Field by field: docs/formats/sarif.md.
 * @throws AppError `VALIDATION_ERROR` (`reason: "malformed_report"`, `format: "SARIF"`): malformed, truncated or empty
 *   JSON (with the byte reached), or JSON without a top-level `runs` array ("not a SARIF log (no runs array)").
 */
export const parseSarif: ReportParser = (input, stats) => readSarif(input, stats);

async function* readSarif(input: Parameters<ReportParser>[0], stats: ParseStats): AsyncGenerator<ParsedFinding> {
  const filter = new SarifFilter();
  let run: Run | undefined;
  for await (const { path, value } of streamJsonValues(input, { format: "SARIF", filter })) {
    const m = PART.exec(path);
    if (!m) continue;
    const index = Number(m[1]);
    if (run?.index !== index) {
      if (run) yield* drain(run);
      run = newRun(index);
    }
    const item = Number(m[3]);
    switch (m[2]) {
      case "tool":
        run.tool = indexTool(value);
        yield* drain(run);
        break;
      case "originalUriBaseIds":
        run.paths.bases = baseIds(value);
        break;
      case "artifacts":
        run.paths.artifacts[item] = uriRef(value);
        break;
      case "invocations": {
        const wd = uriRef(value)?.uri;
        if (wd !== undefined && run.paths.workingDirs.length < 10) run.paths.workingDirs.push(wd);
        break;
      }
      case "taxonomies":
        run.taxonomyNames[item] = str(value);
        break;
      case "results": {
        stats.itemsRead++;
        if (run.tool || run.overflowed) {
          const f = sarifResultToFinding(value, run);
          if (f) yield f;
        } else if (run.pending.push(value) >= MAX_PENDING_RESULTS) {
          run.overflowed = true;
          yield* drain(run);
        }
        break;
      }
    }
  }
  if (run) yield* drain(run);
  if (filter.runs !== "seen") throw malformedReport("SARIF", "at the top level", "not a SARIF log (no runs array)");
}
