import { z } from "zod";
import type { findings } from "@/drizzle/schema";
import { FindingCategory, Severity } from "./types";

/** A finding's equivalent rule ids elsewhere (`findings.refs`, `FindingRefs`): Lighthouse audit ids, axe-core rule ids,
 * WCAG success criteria (`1.4.3`), MDN HTTP Observatory test names. */
export const FindingRefsView = z.object({
  lighthouse: z.array(z.string()).optional(),
  axe: z.array(z.string()).optional(),
  wcag: z.array(z.string()).optional(),
  observatory: z.array(z.string()).optional(),
});

/** DESIGN.md §7 `Finding` as returned by tools: the contract fields plus rule, location and fingerprint. */
export const FindingView = z.object({
  finding_id: z.string(),
  severity: Severity,
  category: FindingCategory,
  title: z.string(),
  confidence: z.number().min(0).max(1),
  suggested_fix: z.string().nullable(),
  evidence_refs: z.array(z.string()).describe("Object-store refs (sha256/<hex>, or s3://<bucket>/<prefix>/sha256/<hex> with the S3 backend) of evidence, e.g. the page screenshot"),
  rule_id: z.string(),
  page_url: z.string().nullable(),
  viewport: z.string().nullable(),
  selector: z.string().nullable(),
  fingerprint: z.string().describe("Stable across scans: rule + normalised URL path + selector"),
  source_tool: z.string(),
  help_url: z.string().nullable(),
  tags: z.array(z.string()),
  description: z.string().nullable(),
  evidence: z.record(z.string(), z.unknown()).nullable(),
  refs: FindingRefsView.nullable().describe("Same rule in Lighthouse / axe-core / WCAG SC / MDN Observatory"),
});
export type FindingView = z.infer<typeof FindingView>;

/** Map a stored finding to its public view. */
export function toFindingView(r: typeof findings.$inferSelect): FindingView {
  return {
    finding_id: r.id,
    severity: r.severity,
    category: r.category as FindingCategory,
    title: r.title,
    confidence: r.confidence,
    suggested_fix: r.suggestedFix,
    evidence_refs: r.evidenceRefs,
    rule_id: r.ruleId,
    page_url: r.pageUrl,
    viewport: r.viewport,
    selector: r.selector,
    fingerprint: r.fingerprint,
    source_tool: r.sourceTool,
    help_url: r.helpUrl,
    tags: r.tags,
    description: r.description,
    evidence: r.evidence ?? null,
    refs: r.refs ?? null,
  };
}
