import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { scans } from "./scans";

/**
 * Pages visited by a scan, one row per (scan, url, viewport). Invariants: `status = 'failed'` rows carry `error`;
 * `screenshot_ref` is an object-store ref (`sha256/<hex>`) of a PNG; a page is written once, when it finishes.
 */
export const scanPages = pgTable(
  "scan_pages",
  {
    id: text("id").primaryKey(),
    scanId: text("scan_id")
      .notNull()
      .references(() => scans.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    viewport: text("viewport", { enum: ["desktop", "mobile"] }).notNull(),
    depth: integer("depth").notNull().default(0),
    status: text("status", { enum: ["ok", "failed"] }).notNull(),
    httpStatus: integer("http_status"),
    title: text("title"),
    loadMs: integer("load_ms"),
    screenshotRef: text("screenshot_ref"),
    findingCount: integer("finding_count").notNull().default(0),
    /** Console errors and failed requests seen while loading (bounded). */
    diagnostics: jsonb("diagnostics").$type<Record<string, unknown>>(),
    error: jsonb("error").$type<{ code: string; message: string } | null>(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("scan_pages_unique").on(t.scanId, t.url, t.viewport), index("scan_pages_scan_idx").on(t.scanId)],
);
