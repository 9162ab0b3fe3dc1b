import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, real, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { pathWords, searchVector, type SearchColumns } from "./search-vector";

/** Finding severities, most severe first (the Finding contract, DESIGN.md §7; every module maps onto these). */
export const FINDING_SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;

/** SiteLint's finding categories; its console views list each, zero included. */
export const FINDING_CATEGORIES = ["accessibility", "seo", "security", "links", "performance", "console"] as const;

/** AuditLens's finding categories (what its parsers map reports onto). */
export const AUDITLENS_FINDING_CATEGORIES = ["security", "dependency", "secret", "quality", "correctness", "iac", "test", "build"] as const;

/**
 * A finding's equivalent rule ids in the references users know, where one exists (SiteLint): Lighthouse audit ids,
 * axe-core rule ids, WCAG success criteria (`1.1.1`), MDN HTTP Observatory test names (`content-security-policy`).
 */
export type FindingRefs = { lighthouse?: string[]; axe?: string[]; wcag?: string[]; observatory?: string[] };

/** Modules that store findings (`findings.module`). */
export const FINDING_MODULES = ["sitelint", "auditlens"] as const;

/**
 * Normalized findings of every module (DESIGN.md §7 `Finding`). Invariants: `fingerprint` is stable across runs for
 * the same problem at the same place (SiteLint: rule + normalised URL path + selector) and unique within one
 * (`source_kind`, `source_id`, viewport); `evidence_refs` are object-store refs or URLs; severity is one of
 * critical/high/medium/low/info.
 */
export const findings = pgTable(
  "findings",
  {
    id: text("id").primaryKey(),
    module: text("module", { enum: ["sitelint", "auditlens", "releasebutler"] }).notNull(),
    /** What produced it: `scan` (SiteLint) or `artifact` (AuditLens). */
    sourceKind: text("source_kind").notNull(),
    sourceId: text("source_id").notNull(),
    /** Tool that reported it: axe-core, sitelint-seo, sitelint-headers, … */
    sourceTool: text("source_tool").notNull(),
    ruleId: text("rule_id").notNull(),
    category: text("category").notNull(),
    severity: text("severity", { enum: FINDING_SEVERITIES }).notNull(),
    title: text("title").notNull(),
    description: text("description"),
    confidence: real("confidence").notNull(),
    suggestedFix: text("suggested_fix"),
    helpUrl: text("help_url"),
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    pageUrl: text("page_url"),
    viewport: text("viewport"),
    selector: text("selector"),
    location: jsonb("location").$type<Record<string, unknown>>(),
    evidence: jsonb("evidence").$type<Record<string, unknown>>(),
    evidenceRefs: jsonb("evidence_refs").$type<string[]>().notNull().default([]),
    fingerprint: text("fingerprint").notNull(),
    /** Cross-references to other tools' rule ids (`FindingRefs`); null when none apply (AuditLens). */
    refs: jsonb("refs").$type<FindingRefs>(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("findings_source_fp_unique").on(t.sourceKind, t.sourceId, t.fingerprint, t.viewport),
    // Findings without a viewport (AuditLens reports): one row per fingerprint per source — NULLs never collide in the
    // index above, so this partial index is what report upserts merge on.
    uniqueIndex("findings_source_fp_noviewport_unique").on(t.sourceKind, t.sourceId, t.fingerprint).where(sql`${t.viewport} is null`),
    index("findings_source_idx").on(t.sourceKind, t.sourceId),
    index("findings_severity_idx").on(t.severity),
    index("findings_fp_idx").on(t.fingerprint),
    index("findings_search_idx").using("gin", findingSearchVector(t)),
  ],
);

/** The document `search` matches a finding on (title, rule, description, tool, category, page URL, file path). */
export function findingSearchVector(t: SearchColumns<"title" | "ruleId" | "description" | "sourceTool" | "category" | "pageUrl" | "location">) {
  return searchVector(t.title, pathWords(t.ruleId), t.description, t.sourceTool, t.category, pathWords(t.pageUrl), pathWords(sql`(${t.location} ->> 'path')`));
}

/** Severity as a sortable rank (critical 0 … info 4): a domain order, not alphabetical. */
export const findingSeverityRank = sql`case ${findings.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`;
