import { dependencyKey } from "./dependency-key";
import { reportText, TEXT_LIMITS } from "./report-text";
import { isSuppressed, sarifConfidence, sarifCwes, sarifFingerprint, sarifPackage, sarifSeverity, securitySeverity, tagsOf, vulnerabilityIds } from "./sarif-classify";
import { evidenceLocation, physicalLocation, type RunPaths } from "./sarif-location";
import { arr, int, obj, str, type Rec } from "./sarif-shape";
import { firstLines, multiformatText, oneLine, sarifMessage, stripEmbeddedLinks } from "./sarif-text";
import { findRule, messageString, taxonomyName, type SarifTool } from "./sarif-tool";
import type { FindingKind, ParsedFinding } from "./types";

/** What a result is read against: its run's tool (undefined while unknown), paths and taxonomy names. */
export type RunContext = { index: number; tool?: SarifTool; paths: RunPaths; taxonomyNames: (string | undefined)[] };

/** Secondary locations kept in evidence, per list. */
const MAX_EVIDENCE_LOCATIONS = 20;
// Secret scanners that write SARIF: their results are leaked secrets, whatever the rule says.
const SECRET_TOOLS = /^(?:gitleaks|trufflehog|detect-secrets|ggshield|secretlint|noseyparker|nosey parker)\b/;

const bareUrl = (s: string | undefined) => (s !== undefined && /^https?:\/\/\S+$/.test(s.trim()) ? s.trim() : undefined);
const hasTag = (tags: readonly string[], re: RegExp) => tags.some((t) => re.test(t));

function locationsEvidence(list: unknown[], paths: RunPaths): { entries?: unknown[]; total?: number } {
  const entries = list.slice(0, MAX_EVIDENCE_LOCATIONS).map((l) => evidenceLocation(l, paths)).filter((e) => e !== undefined);
  return entries.length === 0 ? {} : { entries, ...(list.length > entries.length ? { total: list.length } : {}) };
}

function buildEvidence(result: Rec, paths: RunPaths, extra: Record<string, unknown>): Record<string, unknown> | undefined {
  const ev: Record<string, unknown> = {};
  for (const k in extra) if (extra[k] !== undefined) ev[k] = extra[k];
  const put = (key: string, countKey: string, list: unknown[]) => {
    const { entries, total } = locationsEvidence(list, paths);
    if (entries) ev[key] = entries;
    if (total !== undefined) ev[countKey] = total;
  };
  put("otherLocations", "otherLocationCount", arr(result.locations).slice(1));
  put("relatedLocations", "relatedLocationCount", arr(result.relatedLocations));
  const flow = obj(arr(obj(arr(result.codeFlows)[0])?.threadFlows)[0]);
  put("codeFlow", "codeFlowStepCount", arr(flow?.locations).map((step) => obj(step)?.location));
  return Object.keys(ev).length > 0 ? ev : undefined;
}

type RuleTexts = { short?: string; help?: string; full?: string; description?: string; helpUrl?: string; helpFix?: string };
// A rule's texts are the same for each of its (possibly 100,000) results: sanitised once per rule object.
const RULE_TEXTS = new WeakMap<Rec, RuleTexts>();

function ruleTexts(rule: Rec | undefined): RuleTexts {
  if (!rule) return {};
  const cached = RULE_TEXTS.get(rule);
  if (cached) return cached;
  const [short, help, full] = [multiformatText(rule.shortDescription), multiformatText(rule.help), multiformatText(rule.fullDescription)];
  const description = reportText(full ?? (bareUrl(help) ? undefined : help) ?? short, TEXT_LIMITS.description);
  const helpUrl = reportText(bareUrl(str(rule.helpUri)) ?? bareUrl(help), TEXT_LIMITS.message);
  // The help's first lines are a fix hint unless they only repeat the description or are a bare link (Dockle).
  const helpFix = bareUrl(help) || help?.trim() === description ? undefined : reportText(firstLines(help), TEXT_LIMITS.description);
  const texts = { short, help, full, description, helpUrl, helpFix };
  RULE_TEXTS.set(rule, texts);
  return texts;
}

/**
 * One SARIF `result` (SARIF 2.1.0 §3.27) as a finding, or undefined when it is not to be reported: suppressed
 * ({@link isSuppressed}), `baselineState: "absent"` (fixed since the baseline), or not an object. One finding per
 * result: the location is `locations[0].physicalLocation`; further locations, `relatedLocations` and the first code
 * flow's steps go to evidence (≤ 20 each, with their total). Field mapping: docs/formats/sarif.md.
 */
export function sarifResultToFinding(value: unknown, run: RunContext): ParsedFinding | undefined {
  const result = obj(value);
  if (!result || isSuppressed(result) || result.baselineState === "absent") return undefined;
  const message = obj(result.message);
  const ref = findRule(run.tool, result, str(message?.text));
  const rule = ref.rule;
  const tool = run.tool?.name ?? "unknown";
  const ruleId = reportText(str(result.ruleId) ?? str(obj(result.rule)?.id) ?? str(rule?.id), TEXT_LIMITS.id) ?? "unknown";
  const text = sarifMessage(message, (id) => messageString(ref, id));
  const { short, help, full, description, helpUrl, helpFix } = ruleTexts(rule);
  const title = reportText(oneLine(text) ?? oneLine(short) ?? str(rule?.name) ?? ruleId, TEXT_LIMITS.title) ?? ruleId;
  const tags = tagsOf(result, rule);
  const score = securitySeverity(result, rule);
  const location = physicalLocation(obj(arr(result.locations)[0])?.physicalLocation, run.paths);

  const vulnIds = vulnerabilityIds(ruleId, result, rule);
  const pkg = vulnIds.length > 0 ? sarifPackage([str(message?.text), help, full].filter((s) => s !== undefined), rule) : undefined;
  const kind: FindingKind = SECRET_TOOLS.test(tool) || hasTag(tags, /^secrets?$/i) ? "secret" : pkg ? "dependency" : "code";
  const security = score !== undefined || hasTag(tags, /^security$|owasp/i) || Object.keys(obj(result.properties) ?? {}).some((k) => /^owasp/i.test(k));
  const category = kind === "code" ? (security ? "security" : "quality") : kind;

  const fixText = multiformatText(obj(obj(arr(result.fixes)[0])?.description));
  const upgrade = pkg?.fixedVersion === undefined ? undefined : `Upgrade ${pkg.name} to ${pkg.fixedVersion}.`;
  const suggestedFix = fixText !== undefined || upgrade !== undefined ? reportText(fixText !== undefined ? stripEmbeddedLinks(fixText) : upgrade, TEXT_LIMITS.description) : kind === "dependency" ? undefined : helpFix;

  const cwe = sarifCwes(result, rule, (tc) => taxonomyName(run.tool, tc, run.taxonomyNames));
  const packageOut = pkg && reportPackage(pkg, location?.path);
  const fingerprint = sarifFingerprint(result) ?? (packageOut ? dependencyKey({ ids: vulnIds, name: packageOut.name, version: packageOut.installedVersion }) : undefined);
  const fullMessage = text !== undefined && oneLine(text) !== title ? reportText(text, TEXT_LIMITS.message) : undefined;
  const evidence = buildEvidence(result, run.paths, {
    level: str(result.level) ?? str(obj(rule?.defaultConfiguration)?.level),
    resultKind: str(result.kind) === "fail" ? undefined : str(result.kind),
    securitySeverity: score,
    baselineState: str(result.baselineState),
    rank: typeof result.rank === "number" ? result.rank : undefined,
    message: fullMessage,
    run: run.index > 0 ? run.index : undefined,
    guid: reportText(str(result.guid), TEXT_LIMITS.id),
    correlationGuid: reportText(str(result.correlationGuid), TEXT_LIMITS.id),
    occurrenceCount: int(result.occurrenceCount, 1),
    // Secret scanners name the commit that leaked it (Gitleaks); the matched value itself (`offender`) is never kept.
    commit: kind === "secret" ? /^[0-9a-f]{7,64}$/i.exec(str(obj(result.properties)?.commit) ?? "")?.[0] : undefined,
  });

  const scrub = kind === "secret" ? offenderScrubber(str(obj(result.properties)?.offender)) : undefined;
  if (scrub && location?.snippet !== undefined) location.snippet = scrub(location.snippet);
  if (scrub && typeof evidence?.message === "string") evidence.message = scrub(evidence.message);
  return {
    kind, tool, ruleId, category, severity: sarifSeverity(result, rule), title: scrub ? scrub(title) : title, confidence: sarifConfidence(result, rule),
    ...(description !== undefined ? { description } : {}),
    ...(suggestedFix !== undefined ? { suggestedFix } : {}),
    ...(helpUrl !== undefined ? { helpUrl } : {}),
    ...(location ? { location } : {}),
    ...(cwe.length > 0 ? { cwe } : {}),
    ...(vulnIds.length > 0 ? { vulnerabilityIds: vulnIds } : {}),
    ...(packageOut ? { package: packageOut } : {}),
    ...(fingerprint !== undefined ? { toolFingerprint: fingerprint } : {}),
    ...(evidence ? { evidence } : {}),
  };
}

/**
 * Gitleaks 7 names the matched value (`properties.offender`): it is cut out of the title, snippet and message wherever
 * it survived the generic redaction (which misses a key glued to a JSON-escaped `\n`, as in `"AWS\nAKIA…"`).
 */
function offenderScrubber(offender: string | undefined): ((s: string) => string) | undefined {
  const value = offender?.trim();
  if (value === undefined || value.length < 4) return undefined;
  return (s) => s.split(value).join("[REDACTED:secret]");
}

/** The package fields bounded as untrusted text; `path` is the result's location (the manifest or archive). */
function reportPackage(pkg: NonNullable<ParsedFinding["package"]>, path: string | undefined): ParsedFinding["package"] | undefined {
  const name = reportText(pkg.name, TEXT_LIMITS.id);
  if (name === undefined) return undefined;
  const out: NonNullable<ParsedFinding["package"]> = { name };
  for (const k of ["ecosystem", "installedVersion", "fixedVersion"] as const) {
    const v = reportText(pkg[k], TEXT_LIMITS.id);
    if (v !== undefined) out[k] = v;
  }
  if (path !== undefined) out.path = path;
  return out;
}
