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
    /** `blocked`: the site refused the crawler (401/403/429, a WAF challenge), kept apart from broken (`failed`). */
    status: text("status", { enum: ["ok", "failed", "blocked"] }).notNull(),
    httpStatus: integer("http_status"),
    title: text("title"),
    loadMs: integer("load_ms"),
    screenshotRef: text("screenshot_ref"),
    findingCount: integer("finding_count").notNull().default(0),
    /** Console errors and failed requests seen while loading (bounded). */
    diagnostics: jsonb("diagnostics").$type<Record<string, unknown>>(),
    /** How the crawl found the page: `start`, `entry`, `sitemap`, `link`. */
    discoveredVia: text("discovered_via"),
    /** Template the page belongs to (URL pattern + DOM skeleton hash), for per-template sampling. */
    templateKey: text("template_key"),
    /** Redirect hops before the final URL: `[{ url, status }]`. */
    redirects: jsonb("redirects").$type<{ url: string; status: number }[]>(),
    /** Measured figures: performance (LCP, CLS, TBT, transfer by type) and the page's Observatory-style score. */
    metrics: jsonb("metrics").$type<Record<string, unknown>>(),
    error: jsonb("error").$type<{ code: string; message: string } | null>(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("scan_pages_unique").on(t.scanId, t.url, t.viewport), index("scan_pages_scan_idx").on(t.scanId)],
);
