import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineTool } from "@/lib/runtime/define-tool";
import { FindingView, toFindingView } from "../finding-view";
import { normalizeCrawlUrl } from "../normalize-url";
import { getScanRow, listFindingGroups, listFindingRows } from "../queries";
import { FindingCategory, Severity } from "../types";

const PAGES_PER_GROUP = 50;

/** One rule's findings across the pages of a scan (`group_by: "rule"`). */
const FindingGroup = z.object({
  rule_id: z.string(),
  severity: Severity,
  category: FindingCategory,
  title: z.string(),
  help_url: z.string().nullable(),
  suggested_fix: z.string().nullable(),
  finding_count: z.number().int(),
  page_count: z.number().int(),
  pages: z.array(z.string()).describe("Page URLs, sorted, at most 50"),
  pages_truncated: z.boolean(),
});

const oneOrMany = <T extends z.ZodType>(s: T) => z.union([s, z.array(s).min(1).max(10)]).optional();
const asArray = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

export const listFindings = defineTool({
  name: "sitelint_list_findings",
  title: "List a site audit's findings",
  description:
    "List a scan's findings, most severe first: severity, category, title, rule id, page URL, viewport, selector, confidence, fix, refs (Lighthouse / axe / WCAG / Observatory ids), fingerprint, evidence refs. Filter by severity, category, rule_id, page (URL or path). group_by \"rule\": one entry per rule across pages (page count, up to 50 URLs) — start there on large sites. `limit` (≤ 200) with `offset`; `total`, `truncated`.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z
    .object({
      scan_id: z.string().min(1).max(100),
      severity: oneOrMany(Severity),
      category: oneOrMany(FindingCategory),
      rule_id: z.string().min(1).max(200).optional(),
      page: z.string().min(1).max(2048).optional().describe("Page URL or path (/about)"),
      group_by: z.enum(["none", "rule"]).default("none").describe("rule: one entry per rule across pages, in `groups` (findings is then empty)"),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).max(1_000_000).default(0),
    })
    .strict(),
  output: z.object({
    scan_id: z.string(),
    findings: z.array(FindingView),
    groups: z.array(FindingGroup).nullable().describe("With group_by rule: one entry per rule; null otherwise"),
    total: z.number().int(),
    truncated: z.boolean(),
    next_offset: z.number().int().nullable(),
  }),
  handler: async (input, { db }) => {
    const scan = await getScanRow(db, input.scan_id);
    if (!scan) throw new AppError("NOT_FOUND", `No scan ${input.scan_id}.`);
    const pageUrl = input.page === undefined ? undefined : normalizeCrawlUrl(input.page, scan.origin);
    if (input.page !== undefined && !pageUrl) throw new AppError("VALIDATION_ERROR", `page must be an http(s) URL or a path like /about, got ${JSON.stringify(input.page)}`, { field: "page" });
    const filter = { scanId: scan.id, severity: asArray(input.severity), category: asArray(input.category), ruleId: input.rule_id, pageUrl, limit: input.limit, offset: input.offset };
    const page = (shown: number, total: number) => {
      const end = input.offset + shown;
      return { total, truncated: end < total, next_offset: end < total ? end : null };
    };
    if (input.group_by === "rule") {
      const { rows, total } = await listFindingGroups(db, { ...filter, pagesPerGroup: PAGES_PER_GROUP });
      const groups = rows.map((g) => ({
        rule_id: g.ruleId, severity: g.severity, category: g.category as FindingCategory, title: g.title, help_url: g.helpUrl, suggested_fix: g.suggestedFix,
        finding_count: Number(g.findingCount), page_count: Number(g.pageCount), pages: g.pages.filter(Boolean), pages_truncated: Number(g.pageCount) > g.pages.length,
      }));
      return { scan_id: scan.id, findings: [], groups, ...page(rows.length, total) };
    }
    const { rows, total } = await listFindingRows(db, filter);
    return { scan_id: scan.id, findings: rows.map((r) => toFindingView(r.finding)), groups: null, ...page(rows.length, total) };
  },
});
