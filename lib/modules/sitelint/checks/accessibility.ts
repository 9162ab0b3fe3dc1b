import { AxeBuilder } from "@axe-core/playwright";
import axe from "axe-core";
import type { Result as AxeResult } from "axe-core";
import type { Page } from "playwright-core";
import type { FindingDraft, ScanProfile, Severity } from "../types";

/** WCAG 2.0/2.1/2.2 level A and AA rule tags (the Lighthouse / pa11y default scope). */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] as const;

const IMPACT: Record<string, Severity> = { critical: "critical", serious: "high", moderate: "medium", minor: "low" };
const MAX_NODES = 20;

/**
 * axe's UMD header calls an AMD `define` or CommonJS `module` it finds on the page, and pages with RequireJS/almond
 * (or the Lighthouse a11y tester's throwing `define`) then break injection. Shadowing both names keeps axe on
 * `window.axe` whatever the page defines.
 */
const AXE_SOURCE = `(function (define, module, exports) {\n${axe.source}\n}).call(window);`;

type AxeTarget = AxeResult["nodes"][number]["target"];
/** axe targets list one selector per frame/shadow boundary; ">>>" marks each crossing (Playwright's old piercing syntax). */
const joinTarget = (t: AxeTarget): string => t.map((s) => (Array.isArray(s) ? s.join(" >>> ") : String(s))).join(" >>> ");

function toFinding(r: AxeResult, kind: "violation" | "incomplete"): FindingDraft {
  const tags = r.tags.filter((t) => t.startsWith("wcag") || t === "best-practice");
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
    evidence: { nodes, nodeCount: r.nodes.length, impact: r.impact ?? null },
  };
}

/**
 * Run axe-core on the loaded page (all same-origin and cross-origin frames, via `@axe-core/playwright`).
 *
 * Scope: {@link WCAG_TAGS} (WCAG 2.2 A/AA success criteria as axe tags them); profile `deep` adds `best-practice`
 * rules and reports axe "incomplete" results as separate `info` findings tagged `needs-review` (confidence 0.5) —
 * never as violations, since axe could not decide them.
 *
 * @returns one finding per violated rule (severity from axe impact: critical→critical, serious→high,
 *   moderate→medium, minor→low; selector = first node; evidence = up to 20 nodes + `nodeCount`).
 * @throws whatever axe/Playwright throws (page closed, navigation during the run); the caller records it.
 */
export async function runAccessibilityChecks({ page, profile }: { page: Page; profile: ScanProfile }): Promise<FindingDraft[]> {
  const deep = profile === "deep";
  const results = await new AxeBuilder({ page, axeSource: AXE_SOURCE })
    .withTags(deep ? [...WCAG_TAGS, "best-practice"] : [...WCAG_TAGS])
    .analyze();
  const findings = results.violations.map((r) => toFinding(r, "violation"));
  if (deep) findings.push(...results.incomplete.filter((r) => r.nodes.length > 0).map((r) => toFinding(r, "incomplete")));
  return findings;
}
