import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { pathWords, searchVector, type SearchColumns } from "./search-vector";

/** How a scan crawls, beyond its budget (all optional; defaults in lib/modules/sitelint/scan-options.ts). */
export type ScanOptions = {
  /** Read robots.txt `Sitemap:` lines and `/sitemap.xml` (indexes and gzip included) for start URLs. Default true. */
  sitemaps?: boolean;
  /** Audit at most this many pages per template (same URL pattern and DOM skeleton); 0 = audit every page. */
  per_template?: number;
  /** Politeness per host: pages in flight and minimum delay between requests, ms. */
  max_concurrency_per_host?: number;
  delay_ms?: number;
  /** Compare against a baseline even when its profile or viewport set differs. */
  compare_mismatched?: boolean;
};

/**
 * SiteLint scans: one row per `sitelint.start_scan`. Invariants: `origin` is the origin of `url` and every crawled
 * page shares it; `pages_done + pages_failed <= pages_planned`; `summary` holds finding counts by severity and
 * category once the scan is final.
 */
export const scans = pgTable(
  "scans",
  {
    id: text("id").primaryKey(),
    jobId: text("job_id").notNull(),
    url: text("url").notNull(),
    origin: text("origin").notNull(),
    profile: text("profile", { enum: ["quick", "standard", "deep"] }).notNull(),
    viewportSet: text("viewport_set", { enum: ["desktop", "mobile", "desktop_mobile"] }).notNull(),
    crawlBudget: integer("crawl_budget").notNull(),
    entryPaths: jsonb("entry_paths").$type<string[]>().notNull().default([]),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed", "cancelled"] }).notNull().default("queued"),
    pagesPlanned: integer("pages_planned").notNull().default(0),
    pagesDone: integer("pages_done").notNull().default(0),
    pagesFailed: integer("pages_failed").notNull().default(0),
    summary: jsonb("summary").$type<Record<string, unknown>>(),
    /** robots.txt outcome and pages skipped because of it. */
    robots: jsonb("robots").$type<{ found: boolean; disallowed: string[] } | null>(),
    error: jsonb("error").$type<{ code: string; message: string } | null>(),
    /** Scan this one is compared with (`baseline_scan_id` on start_scan): findings new / fixed / unchanged by fingerprint. */
    baselineScanId: text("baseline_scan_id"),
    /** Stored auth profile (sitelint_auth_profiles.id) applied to every page of the scan's origin. */
    authProfileId: text("auth_profile_id"),
    options: jsonb("options").$type<ScanOptions>().notNull().default({}),
    /** What the crawl found besides pages: sitemaps read, URLs by source, templates and their coverage, redirects,
     * blocked pages, site-level security grade. Written by the crawl as it goes. */
    crawl: jsonb("crawl").$type<Record<string, unknown>>(),
    principal: text("principal").notNull().default("anonymous"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("scans_created_idx").on(t.createdAt), index("scans_origin_idx").on(t.origin), index("scans_search_idx").using("gin", scanSearchVector(t))],
);

/** The document `search` matches a scan on (its URL and origin). */
export function scanSearchVector(t: SearchColumns<"url" | "origin">) {
  return searchVector(pathWords(t.url), pathWords(t.origin));
}
