import { eq } from "drizzle-orm";
import { z } from "zod";
import { auditlensReports } from "@/drizzle/schema";
import { AppError } from "@/lib/errors";
import { defineTool } from "@/lib/runtime/define-tool";
import { nextCursor, readCursor } from "../cursor";
import { AuditFindingView, toAuditFindingView } from "../findings/finding-view";
import { listReportFindings } from "../findings/queries";
import { CursorInput } from "../shared-schemas";
import { FIRST_PAGE } from "./parse-findings";

export const listAuditFindings = defineTool({
  name: "auditlens_list_findings",
  title: "List a report's findings",
  description:
    "Page through the findings of a parsed report (report_id from auditlens_parse_findings or a triage), most severe first, optionally filtered by severity, tool or category. `limit` per page; `next_cursor` when more exist.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z
    .object({
      report_id: z.string().regex(/^rpt_[0-9a-f]{28}$/),
      severity: z.array(z.enum(["critical", "high", "medium", "low", "info"])).max(5).optional(),
      tool: z.string().min(1).max(100).optional(),
      category: z.string().min(1).max(100).optional(),
      limit: z.number().int().min(1).max(200).default(50),
      cursor: CursorInput,
    })
    .strict(),
  output: z.object({ findings: z.array(AuditFindingView), total: z.number().int(), next_cursor: z.string().nullable() }),
  handler: async (input, { db }) => {
    const { cursor, limit, ...filters } = input;
    // The first page of auditlens_parse_findings hands out a cursor keyed by report_id alone.
    const unfiltered = !filters.severity && !filters.tool && !filters.category;
    const { page, per } = readCursor(cursor, { limit: cursor && unfiltered ? FIRST_PAGE : limit, filters: unfiltered ? { report_id: input.report_id } : filters });
    const r = await listReportFindings(db, { reportId: input.report_id, severity: input.severity, tool: input.tool, category: input.category, limit: per, offset: (page - 1) * per });
    if (page === 1 && r.total === 0) {
      const [exists] = await db.select({ id: auditlensReports.id }).from(auditlensReports).where(eq(auditlensReports.id, input.report_id)).limit(1);
      if (!exists) throw new AppError("NOT_FOUND", `No report ${input.report_id}.`);
    }
    const hasNext = page * per < r.total;
    return { findings: r.rows.map(toAuditFindingView), total: r.total, next_cursor: nextCursor({ page, per, hasNext, filters: unfiltered ? { report_id: input.report_id } : filters }) };
  },
});

