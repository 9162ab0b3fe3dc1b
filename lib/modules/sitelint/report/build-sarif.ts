import type { Severity } from "../types";
import { refLinks } from "./ref-links";
import type { ReportData, ReportFinding, ReportRule } from "./report-data";

/** SARIF 2.1.0 §3.27.10 `level` for each severity: what a code-scanning UI shows as error / warning / note. */
export const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };

/** Most tool execution notifications (failed and blocked pages) listed in the invocation. */
const MAX_NOTIFICATIONS = 100;
const isHttpUrl = (u: string | null | undefined): u is string => !!u && /^https?:\/\/[^\s]+$/i.test(u);

/** The HTML of the element the finding's selector names, from axe evidence (`evidence.nodes[].{target, html}`), if any. */
function snippetOf(f: ReportFinding): string | undefined {
  const nodes = (f.evidence as { nodes?: { target?: unknown; html?: unknown }[] } | null)?.nodes;
  if (!Array.isArray(nodes)) return undefined;
  const node = nodes.find((n) => n?.target === f.selector) ?? nodes[0];
  return typeof node?.html === "string" && node.html ? node.html : undefined;
}

/** §3.49 reportingDescriptor of one rule: texts, docs, tags and the level of its most severe occurrence. */
function toRule(r: ReportRule) {
  const links = refLinks(r.refs, r.category);
  const helpText = [r.suggested_fix ?? r.title, ...links.map((l) => `${l.label}: ${l.url}`)].join("\n");
  const helpMarkdown = [r.suggested_fix ?? r.title, ...links.map((l) => `- [${l.label}](${l.url})`)].join("\n\n");
  return {
    id: r.rule_id,
    shortDescription: { text: r.title },
    fullDescription: { text: r.description ?? r.title },
    ...(isHttpUrl(r.help_url) ? { helpUri: r.help_url } : {}),
    help: { text: helpText, markdown: helpMarkdown },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: { tags: [...new Set([r.category, ...r.tags])], category: r.category, source_tool: r.source_tool, refs: r.refs ?? {} },
  };
}

/** §3.27 result of one finding occurrence; the page is the artifact, the CSS selector a logical location. */
function toResult(f: ReportFinding, ruleIndex: number, scanUrl: string) {
  const snippet = snippetOf(f);
  const physicalLocation = { artifactLocation: { uri: f.page_url ?? scanUrl }, ...(snippet ? { region: { startLine: 1, snippet: { text: snippet } } } : {}) };
  return {
    ruleId: f.rule_id,
    ruleIndex,
    kind: "fail",
    level: SARIF_LEVEL[f.severity],
    message: { text: f.title },
    locations: [{ physicalLocation, ...(f.selector ? { logicalLocations: [{ fullyQualifiedName: f.selector, kind: "element" }] } : {}) }],
    // The SiteLint fingerprint is per (rule, page path, selector); a result is that in one viewport.
    fingerprints: { "sitelint/v1": `${f.fingerprint}/${f.viewport ?? ""}` },
    partialFingerprints: { "sitelintFingerprint/v1": f.fingerprint },
    ...(f.baseline_state ? { baselineState: f.baseline_state } : {}),
    properties: {
      severity: f.severity, category: f.category, viewport: f.viewport, confidence: f.confidence, finding_id: f.finding_id, source_tool: f.source_tool,
      refs: f.refs ?? {}, evidence_refs: f.evidence_refs, tags: f.tags,
    },
  };
}

/**
 * The `sarif` report: a SARIF 2.1.0 log (OASIS Standard, errata 01) with one run.
 * - `tool.driver` (§3.19): name "OmniAudit SiteLint", version, `informationUri`, one reportingDescriptor per rule (§3.49:
 *   id, shortDescription, fullDescription, helpUri, help with the refs' documentation links, `defaultConfiguration.level`
 *   of its most severe occurrence, `properties.tags` = category + the finding tags, e.g. WCAG tags).
 * - `results` (§3.27), one per finding occurrence: ruleId + ruleIndex, `level` from severity ({@link SARIF_LEVEL}),
 *   `message.text` the finding title; the location follows microsoft/axe-sarif-converter: `physicalLocation.artifactLocation.uri`
 *   is the page URL, `region.snippet.text` the element's HTML (axe evidence; with `startLine: 1` as that converter
 *   does, since a region needs a start) and `logicalLocations[0]` `{ fullyQualifiedName: <CSS selector>, kind: "element" }`;
 *   `fingerprints["sitelint/v1"]` = SiteLint fingerprint + "/" + viewport (§3.27.16, unique per result),
 *   `partialFingerprints["sitelintFingerprint/v1"]` = the SiteLint fingerprint (§3.27.17); `baselineState` new /
 *   unchanged when the scan has a baseline (§3.27.24); `properties.refs`.
 * - `invocations[0]` (§3.20): `executionSuccessful` (scan succeeded), `startTimeUtc` / `endTimeUtc` (§3.9, UTC), failed
 *   and blocked pages as `toolExecutionNotifications` (at most 100).
 * - `automationDetails.id` `sitelint/<scan_id>` (§3.17.4); run `properties` carry the scan settings, summary and baseline counts.
 * @param o.informationUri absolute URL about the tool (the server's base URL).
 * @returns the log object (serialise with `JSON.stringify`); media type `application/sarif+json`.
 */
export function buildSarifLog(data: ReportData, o: { informationUri: string }) {
  const rules = [...data.rules].sort((a, b) => a.rule_id.localeCompare(b.rule_id));
  const index = new Map(rules.map((r, i) => [r.rule_id, i]));
  const problems = data.pages.filter((p) => p.status !== "ok").slice(0, MAX_NOTIFICATIONS);
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: data.generator.name, version: data.generator.version, semanticVersion: data.generator.version, informationUri: o.informationUri, rules: rules.map(toRule) } },
        automationDetails: { id: `sitelint/${data.scan.scan_id}` },
        invocations: [
          {
            executionSuccessful: data.scan.status === "succeeded",
            startTimeUtc: data.scan.started_at ?? data.scan.created_at,
            ...(data.scan.finished_at ? { endTimeUtc: data.scan.finished_at } : {}),
            toolExecutionNotifications: problems.map((p) => ({
              level: p.status === "failed" ? "error" : "warning",
              message: { text: `${p.status === "blocked" ? "Blocked" : "Failed"} (${p.viewport}): ${p.error ? `${p.error.code}: ${p.error.message}` : `HTTP ${p.http_status ?? "?"}`}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: p.url } } }],
            })),
          },
        ],
        results: data.findings.map((f) => toResult(f, index.get(f.rule_id)!, data.scan.url)),
        properties: {
          scan_id: data.scan.scan_id, origin: data.scan.origin, profile: data.scan.profile, viewport_set: data.scan.viewport_set, summary: data.summary,
          min_severity: data.filter.min_severity, findings_truncated: data.findings_truncated, baseline: data.baseline ? { baseline_scan_id: data.baseline.baseline_scan_id, ...data.baseline.counts } : null,
        },
      },
    ],
  };
}
