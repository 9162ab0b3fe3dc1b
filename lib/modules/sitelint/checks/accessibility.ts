import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import axe from "axe-core";
import type { Result as AxeResult, RunOptions } from "axe-core";
import type { Page } from "playwright-core";
import type { FindingDraft, ScanProfile, Severity } from "../types";
import { axeRefs } from "./refs";
import { runAxe } from "./axe-runner";

/**
 * Rule tags SiteLint runs: Lighthouse's `runOnly` tags (`wcag2a`, `wcag2aa`) plus the WCAG 2.1 and 2.2 A/AA tags, so
 * the scope is WCAG 2.2 level AA (which includes every 2.1 criterion). Against Lighthouse's own set this adds exactly
 * `avoid-inline-spacing` (SC 1.4.12) and `css-orientation-lock` (SC 1.3.4) with axe-core 4.14; `target-size`
 * (wcag22aa) and `autocomplete-valid` / `label-content-name-mismatch` (wcag21) Lighthouse already enables by name.
 */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"] as const;

/**
 * Lighthouse's per-rule overrides, as in `core/gather/gatherers/accessibility.js` (`axe.run(document, {rules: …})`)
 * of GoogleChrome/lighthouse at commit f8eac394a68b90109078bba44cafbec7ceb9026a (Lighthouse 13.4.1). An explicit
 * `enabled` beats the `runOnly` tags in axe (`rule-should-run`), so these turn on the best-practice and experimental
 * rules Lighthouse audits (accesskeys, heading-order, landmark-one-main, skip-link, tabindex, …) and turn off the
 * WCAG-tagged ones it leaves out. No other `best-practice` rule runs.
 */
export const LIGHTHOUSE_AXE_RULES: Readonly<Record<string, { enabled: boolean }>> = Object.fromEntries([
  ...[
    "accesskeys", "aria-allowed-role", "aria-conditional-attr", "aria-deprecated-role", "aria-dialog-name", "aria-prohibited-attr",
    "aria-treeitem-name", "aria-text", "autocomplete-valid", "empty-heading", "heading-order", "html-xml-lang-mismatch",
    "identical-links-same-purpose", "image-redundant-alt", "input-button-name", "label-content-name-mismatch", "landmark-one-main",
    "link-in-text-block", "meta-viewport", "presentation-role-conflict", "select-name", "skip-link", "svg-img-alt", "tabindex",
    "table-duplicate-name", "table-fake-caption", "target-size", "td-has-header",
  ].map((id) => [id, { enabled: true }]),
  ...[
    "area-alt", "aria-braille-equivalent", "aria-roledescription", "audio-caption", "blink", "duplicate-id", "frame-focusable-content",
    "frame-title-unique", "marquee", "nested-interactive", "no-autoplay-audio", "role-img-alt", "scrollable-region-focusable",
    "server-side-image-map", "summary-name", "aria-tab-name",
  ].map((id) => [id, { enabled: false }]),
]);

/**
 * The `axe.run` options: Lighthouse's configuration (above) with three deliberate differences.
 * - `runOnly` tags widened to {@link WCAG_TAGS} (WCAG 2.2 AA).
 * - `resultTypes: ['violations','incomplete']` (Lighthouse: `['violations','inapplicable']`, because it reports
 *   not-applicable audits): axe then computes full node details only for the two result types SiteLint reports.
 * - No `elementRef`: Lighthouse uses element references inside the page to build its node details; SiteLint
 *   serialises results between frames (`runPartial`/`finishRun`, see `runAxe`), where DOM references cannot travel, so findings use
 *   axe's `target` selectors and HTML snippets instead (and SiteLint keeps `html`, which Lighthouse turns off with
 *   `noHtml`). Frames: `runAxe` injects axe into every same- and cross-origin frame and merges the
 *   results (`iframes` left at axe's default `true`), where Lighthouse tests only what its main-frame run reaches.
 */
export const AXE_RUN_OPTIONS: RunOptions = {
  runOnly: { type: "tag", values: [...WCAG_TAGS] },
  rules: LIGHTHOUSE_AXE_RULES,
  resultTypes: ["violations", "incomplete"],
};

const IMPACT: Record<string, Severity> = { critical: "critical", serious: "high", moderate: "medium", minor: "low" };
const MAX_NODES = 20;

/**
 * axe-core's minified build (`axe-core/axe.min.js`, 0.65 MB, what pa11y injects) as a script for a frame's main world,
 * read once; `axe.source` (the same version unminified, 1.5 MB) when the file cannot be found. The minified build is
 * faster every time it is evaluated (measured on the MDN corpus with reused sessions: accessibility stage ≈ 230 vs
 * ≈ 320 ms per page; a cold renderer compiles it in ≈ 300 vs ≈ 480 ms). The file is resolved at run time from the
 * working directory's `node_modules` with a specifier the bundler cannot see: Turbopack rewrites a literal
 * `require.resolve("axe-core/axe.min.js")` into a module id. axe's UMD header calls an AMD `define` or CommonJS
 * `module` it finds on the page, and pages with RequireJS/almond (or the Lighthouse a11y tester's throwing `define`)
 * then break injection; shadowing both names keeps axe on `window.axe` whatever the page defines.
 * @returns the script to evaluate.
 */
export function axeSource(): string {
  cachedSource ??= `(function (define, module, exports) {\n${minifiedAxe() ?? axe.source}\n}).call(window);`;
  return cachedSource;
}
let cachedSource: string | undefined;

/** `axe.min.js` of the `axe-core` this process loaded (same version), or undefined when it is not beside it. */
function minifiedAxe(): string | undefined {
  try {
    const specifier = ["axe-core", "axe.min.js"].join("/");
    const source = fs.readFileSync(createRequire(path.join(process.cwd(), "package.json")).resolve(specifier), "utf8");
    return source.includes(`"${axe.version}"`) ? source : undefined;
  } catch {
    return undefined;
  }
}

type AxeTarget = AxeResult["nodes"][number]["target"];
/** axe targets list one selector per frame/shadow boundary; ">>>" marks each crossing (Playwright's old piercing syntax). */
const joinTarget = (t: AxeTarget): string => t.map((s) => (Array.isArray(s) ? s.join(" >>> ") : String(s))).join(" >>> ");

function toFinding(r: AxeResult, kind: "violation" | "incomplete"): FindingDraft {
  const tags = r.tags.filter((t) => t.startsWith("wcag") || t === "best-practice" || t === "experimental");
  const nodes = r.nodes.slice(0, MAX_NODES).map((n) => ({
    target: joinTarget(n.target),
    html: n.html.slice(0, 300),
    failureSummary: n.failureSummary?.slice(0, 1000),
  }));
  const first = r.nodes[0];
  return {
    ruleId: r.id,
    category: "accessibility",
    severity: kind === "violation" ? (IMPACT[r.impact ?? ""] ?? "medium") : "info",
    title: r.help,
    description: kind === "violation" ? r.description : `Needs human review: ${r.description}`,
    confidence: kind === "violation" ? 0.9 : 0.5,
    // axe's failure summary ("Fix any of the following: …") is the actionable part; the rule help names the goal.
    suggestedFix: `${r.help}.${first?.failureSummary ? `\n${first.failureSummary}` : ""}`.slice(0, 1000),
    helpUrl: r.helpUrl,
    tags: kind === "violation" ? tags : [...tags, "needs-review"],
    selector: first ? joinTarget(first.target) : undefined,
    sourceTool: "axe-core",
    refs: axeRefs(r.id, r.tags),
    evidence: { nodes, nodeCount: r.nodes.length, impact: r.impact ?? null },
  };
}

/**
 * Run axe-core on the loaded page (all same-origin and cross-origin frames, via `runAxe`) with
 * Lighthouse 13's accessibility configuration ({@link AXE_RUN_OPTIONS}) — the same rule set in every profile.
 *
 * Profiles: `quick` reports violations only; `standard` and `deep` also report axe "incomplete" results (axe could
 * not decide; Lighthouse shows them for its informative audits) as separate `info` findings tagged `needs-review`
 * with confidence 0.5 — never as violations. Quick skips them to stay a short pass/fail list.
 *
 * @returns one finding per rule (severity from axe impact: critical→critical, serious→high, moderate→medium,
 *   minor→low; selector = first node; evidence = up to 20 nodes + `nodeCount`; `refs` = axe id, WCAG criteria from
 *   the rule's tags, Lighthouse audit id where Lighthouse has one).
 * @throws whatever axe/Playwright throws (page closed, navigation during the run); the caller records it.
 */
export async function runAccessibilityChecks({ page, profile }: { page: Page; profile: ScanProfile }): Promise<FindingDraft[]> {
  const results = await runAxe(page, AXE_RUN_OPTIONS, { axeSource: axeSource() });
  const findings = results.violations.map((r) => toFinding(r, "violation"));
  if (profile !== "quick") findings.push(...results.incomplete.filter((r) => r.nodes.length > 0).map((r) => toFinding(r, "incomplete")));
  return findings;
}
