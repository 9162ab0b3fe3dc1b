import { ReportData } from "./report-data";

/**
 * The `json` report: the report data itself ({@link ReportData}, `schema_version` first), validated against its schema
 * and pretty-printed (2 spaces, trailing newline), UTF-8.
 * @throws ZodError when `data` does not match the schema (a bug: the loader builds it).
 */
export function buildJsonReport(data: ReportData): string {
  return `${JSON.stringify(ReportData.parse(data), null, 2)}\n`;
}
