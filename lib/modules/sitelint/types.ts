import type { Refusal } from "@/lib/net/policy-refusal";
import { z } from "zod";
import { FINDING_CATEGORIES, FINDING_SEVERITIES, type FindingRefs } from "@/drizzle/schema";

export type { FindingRefs };

/** Scan depth: `quick` = accessibility (Lighthouse's axe configuration) + SEO + security on the page set; `standard`
 * adds broken links, console diagnostics and axe "incomplete" results as needs-review findings; `deep` adds
 * performance (LCP, CLS, TBT, unsized images, render-blocking, byte weight). */
export const ScanProfile = z.enum(["quick", "standard", "deep"]);
export type ScanProfile = z.infer<typeof ScanProfile>;

export const ViewportSet = z.enum(["desktop", "mobile", "desktop_mobile"]);
export type ViewportSet = z.infer<typeof ViewportSet>;

export const ViewportName = z.enum(["desktop", "mobile"]);
export type ViewportName = z.infer<typeof ViewportName>;

export const Severity = z.enum(FINDING_SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const FindingCategory = z.enum(FINDING_CATEGORIES);
export type FindingCategory = z.infer<typeof FindingCategory>;

/** Viewports named by a viewport set. */
export function viewportsOf(set: ViewportSet): ViewportName[] {
  return set === "desktop_mobile" ? ["desktop", "mobile"] : [set];
}

/**
 * One problem found on one page, before it is stored (the stored row adds finding_id, scan id, fingerprint,
 * evidence_refs with the page screenshot).
 */
export type FindingDraft = {
  /** Stable rule id: axe rule id (`image-alt`) or SiteLint's own (`seo-meta-description`, `header-csp`, `broken-link`). */
  ruleId: string;
  category: FindingCategory;
  severity: Severity;
  title: string;
  description?: string;
  /** 0..1: how sure we are this is a real problem (axe violations 0.9+, heuristics lower). */
  confidence: number;
  suggestedFix?: string;
  helpUrl?: string;
  /** e.g. WCAG tags `wcag2aa`, `wcag143`, or `needs-review`. */
  tags: string[];
  /** CSS selector of the element (first node for axe), or undefined for page-level findings. */
  selector?: string;
  /** Tool that reported it: `axe-core`, `sitelint-seo`, `sitelint-headers`, `sitelint-links`, `sitelint-console`. */
  sourceTool: string;
  /** Equivalent rule ids in Lighthouse / axe-core / WCAG / MDN HTTP Observatory, where one exists. */
  refs?: FindingRefs;
  /** Bounded machine-readable evidence (axe nodes' targets and HTML snippets, header values, link status …). */
  evidence?: Record<string, unknown>;
};

/** What auditing one page in one viewport produced. */
export type PageAuditResult = {
  url: string;
  /** URL after redirects. */
  finalUrl: string;
  viewport: ViewportName;
  /** `blocked`: the site refused the crawler (401/403/429 or a WAF challenge page) — not a broken page. */
  status: "ok" | "failed" | "blocked";
  httpStatus?: number;
  title?: string;
  /** Navigation to load event, ms. */
  loadMs?: number;
  /** Object-store ref of a PNG screenshot of the page (viewport-sized, not full page). */
  screenshotRef?: string;
  /** Redirect hops the navigation followed before `finalUrl` (`url` and the status it answered). */
  redirects?: { url: string; status: number }[];
  /** Measured figures (performance metrics in `deep`, the page's Observatory-style security score and grade, and
   * `timings_ms`: wall time per audit stage, ms). */
  metrics?: Record<string, unknown>;
  /** DOM skeleton hash of the page (tag structure, no text), for per-template sampling. */
  skeleton?: string;
  /** Same-origin links found on the page, absolute and normalised (no fragment), in document order, deduplicated. */
  links: string[];
  findings: FindingDraft[];
  diagnostics: {
    consoleErrors: string[];
    failedRequests: { url: string; error: string }[];
    /** Connections the audit tried that the URL policy refused (browser and link checks; 25 of each kept, `total` counts all). */
    policyRefusals?: { total: number; refusals: Refusal[] };
  };
  error?: { code: string; message: string };
};
