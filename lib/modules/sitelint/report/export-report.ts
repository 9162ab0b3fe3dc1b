import "server-only";
import type { Db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";
import type { ObjectStore } from "@/lib/object-store";
import type { Severity } from "../types";
import { buildCsvReport } from "./build-csv";
import { buildHtmlReport } from "./build-html";
import { buildJsonReport } from "./build-json";
import { buildMarkdownReport } from "./build-markdown";
import { buildSarifLog } from "./build-sarif";
import { embedScreenshots } from "./embed-screenshots";
import { loadReportData } from "./load-report-data";
import type { ReportFormat, ReportGroupBy } from "./report-data";

/** Media type of each format: RFC 8259 JSON, HTML, RFC 4180 §3 CSV, SARIF 2.1.0 §3.1 (`application/sarif+json`), RFC 7763 Markdown. */
export const REPORT_MEDIA_TYPES: Record<ReportFormat, string> = {
  json: "application/json",
  html: "text/html; charset=utf-8",
  csv: "text/csv; charset=utf-8; header=present",
  sarif: "application/sarif+json",
  markdown: "text/markdown; charset=utf-8; variant=GFM",
};

export type ExportedReport = { ref: string; bytes: number; sha256: string; media_type: string; format: ReportFormat; finding_count: number };

/**
 * Build a report of one scan from the database and store it as an immutable object (`ObjectStore.put`: same bytes,
 * same ref). See the builders for each format: `buildJsonReport`, `buildHtmlReport` (with screenshots embedded by
 * `embedScreenshots`), `buildCsvReport`, `buildSarifLog`, `buildMarkdownReport`.
 * @param o.baseUrl the server's public base URL (console links, SARIF `informationUri`).
 * @returns the object ref, its size in bytes and SHA-256 (hex), media type, format and the findings it holds.
 * @throws AppError NOT_FOUND for an unknown scan; the store's errors (UPSTREAM_ERROR from S3).
 */
export async function exportReport(db: Db, store: ObjectStore, o: { scanId: string; format: ReportFormat; groupBy: ReportGroupBy; minSeverity?: Severity; baseUrl: string }): Promise<ExportedReport> {
  const data = await loadReportData(db, { scanId: o.scanId, minSeverity: o.minSeverity, groupBy: o.groupBy });
  const consoleUrl = `${o.baseUrl}/jobs/${encodeURIComponent(data.scan.job_id)}#findings`;
  let text: string;
  if (o.format === "json") text = buildJsonReport(data);
  else if (o.format === "csv") text = buildCsvReport(data);
  else if (o.format === "sarif") text = `${JSON.stringify(buildSarifLog(data, { informationUri: o.baseUrl }), null, 2)}\n`;
  else if (o.format === "markdown") text = buildMarkdownReport(data, { consoleUrl });
  else text = buildHtmlReport(data, await embedScreenshots(store, data.pages), { consoleUrl });
  const bytes = Buffer.from(text, "utf8");
  const { ref, size } = await store.put(bytes);
  return { ref, bytes: size, sha256: sha256Hex(bytes), media_type: REPORT_MEDIA_TYPES[o.format], format: o.format, finding_count: data.finding_count };
}
