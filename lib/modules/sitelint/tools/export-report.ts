import { z } from "zod";
import { getEnv } from "@/lib/env";
import { defineTool } from "@/lib/runtime/define-tool";
import { exportReport as build } from "../report/export-report";
import { ReportFormat, ReportGroupBy } from "../report/report-data";
import { Severity } from "../types";

export const exportReport = defineTool({
  name: "sitelint_export_report",
  title: "Export a scan report",
  description: "Store a report of a scan and return its object ref (a resource), bytes and SHA-256: json (all data), html (self-contained page), csv, sarif 2.1.0, or markdown (PR summary).",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z
    .object({
      scan_id: z.string().min(1).max(100),
      format: ReportFormat,
      group_by: ReportGroupBy.default("rule"),
      min_severity: Severity.optional(),
    })
    .strict(),
  output: z.object({
    ref: z.string().describe("Object ref of the report"),
    bytes: z.number().int(),
    sha256: z.string(),
    media_type: z.string(),
    format: z.string(),
    finding_count: z.number().int(),
  }),
  handler: async (input, { db, objectStore }) => {
    return build(db, objectStore, { scanId: input.scan_id, format: input.format, groupBy: input.group_by, minSeverity: input.min_severity, baseUrl: getEnv().baseUrl });
  },
});
