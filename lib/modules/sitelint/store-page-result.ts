import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { findings, scanPages } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { findingFingerprint } from "./fingerprint";
import type { FindingDraft, PageAuditResult } from "./types";

/** The `findings` row for a SiteLint finding at a place (a page in a viewport, or a site-level resource). */
function findingRow(scanId: string, f: FindingDraft, at: { pageUrl: string; viewport: string | null; location: Record<string, unknown>; evidenceRefs: string[] }) {
  return {
    id: newId("fnd"),
    module: "sitelint" as const,
    sourceKind: "scan",
    sourceId: scanId,
    sourceTool: f.sourceTool,
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    title: f.title,
    description: f.description ?? null,
    confidence: f.confidence,
    suggestedFix: f.suggestedFix ?? null,
    helpUrl: f.helpUrl ?? null,
    tags: f.tags,
    pageUrl: at.pageUrl,
    viewport: at.viewport,
    selector: f.selector ?? null,
    location: { ...at.location, selector: f.selector ?? null },
    evidence: f.evidence ?? null,
    evidenceRefs: at.evidenceRefs,
    refs: f.refs ?? null,
    fingerprint: findingFingerprint({ ruleId: f.ruleId, pageUrl: at.pageUrl, selector: f.selector }),
  };
}

/**
 * Persist one audited page (one viewport) and its findings, idempotently: re-storing the same page after a resumed
 * job replaces its row and findings instead of duplicating them. The page screenshot becomes the first evidence ref
 * of every finding on the page.
 * @returns the number of findings stored.
 */
export async function storePageResult(db: Db, scanId: string, depth: number, r: PageAuditResult, page?: { discoveredVia?: string; templateKey?: string }): Promise<number> {
  const evidenceRefs = r.screenshotRef ? [r.screenshotRef] : [];
  const rows = r.findings.map((f) => findingRow(scanId, f, { pageUrl: r.url, viewport: r.viewport, location: { page_url: r.url, final_url: r.finalUrl, viewport: r.viewport }, evidenceRefs }));
  const row = {
    scanId,
    url: r.url,
    viewport: r.viewport,
    depth,
    status: r.status,
    httpStatus: r.httpStatus ?? null,
    title: r.title ?? null,
    loadMs: r.loadMs ?? null,
    screenshotRef: r.screenshotRef ?? null,
    findingCount: rows.length,
    diagnostics: { final_url: r.finalUrl, console_errors: r.diagnostics.consoleErrors.slice(0, 20), failed_requests: r.diagnostics.failedRequests.slice(0, 20), ...(r.diagnostics.policyRefusals ? { policy_refusals: r.diagnostics.policyRefusals } : {}) },
    redirects: r.redirects?.length ? r.redirects : null,
    metrics: r.metrics ?? null,
    error: r.error ?? null,
    discoveredVia: page?.discoveredVia ?? null,
    templateKey: page?.templateKey ?? null,
    finishedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(scanPages)
      .values({ id: newId("page"), ...row })
      .onConflictDoUpdate({ target: [scanPages.scanId, scanPages.url, scanPages.viewport], set: row });
    await tx
      .delete(findings)
      .where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId), eq(findings.pageUrl, r.url), eq(findings.viewport, r.viewport)));
    if (rows.length) await tx.insert(findings).values(rows).onConflictDoNothing();
  });
  return rows.length;
}

/**
 * Persist a scan's site-level findings — checks that run once per scan, not per page (robots.txt validity, the
 * Observatory redirection test) — idempotently: the scan's earlier site-level findings for `url` are replaced. They
 * are stored like page findings with `page_url` = the resource checked (`/robots.txt`, the origin's `http://` URL) and
 * no viewport, so summaries, exports and comparisons count them once.
 * @returns the number of findings stored.
 */
export async function storeSiteFindings(db: Db, scanId: string, url: string, drafts: FindingDraft[]): Promise<number> {
  const rows = drafts.map((f) => findingRow(scanId, f, { pageUrl: url, viewport: null, location: { page_url: url, site_level: true }, evidenceRefs: [] }));
  await db.transaction(async (tx) => {
    await tx.delete(findings).where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId), eq(findings.pageUrl, url), isNull(findings.viewport)));
    if (rows.length) await tx.insert(findings).values(rows).onConflictDoNothing();
  });
  return rows.length;
}
