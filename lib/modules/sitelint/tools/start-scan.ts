import { z } from "zod";
import { toJobRef } from "@/lib/jobs/job-ref";
import { JobRef } from "@/lib/jobs/types";
import { defineTool } from "@/lib/runtime/define-tool";
import { createScan } from "../create-scan";
import { ScanProfile, ViewportSet } from "../types";

export const startScan = defineTool({
  name: "sitelint_start_scan",
  title: "Start a site audit",
  description:
    "Crawl a live site in real Chromium and audit each page: accessibility (axe-core, Lighthouse's rules, WCAG 2.2 A/AA), SEO (Lighthouse's set), security (MDN Observatory's tests, score and grade), links, console errors, performance (deep), a screenshot per page. Starts from url, entry_paths and sitemaps; honours robots.txt. Returns a JobRef: poll core_get_job, then sitelint_get_scan / sitelint_list_findings.",
  risk: "read",
  openWorld: true,
  idempotent: false,
  rateLimit: { bucket: "scan_submissions" },
  input: z
    .object({
      url: z.string().min(1).max(2048).describe("Absolute http(s) URL to start from"),
      profile: ScanProfile.default("standard").describe("quick: a11y+SEO+security; standard: + links, console, needs-review; deep: + performance"),
      viewport_set: ViewportSet.default("desktop"),
      crawl_budget: z.number().int().min(1).max(500).default(10).describe("Maximum pages to audit (each in every viewport)"),
      entry_paths: z
        .array(z.string().regex(/^\/[^\s]*$/, "must be a path starting with /").max(2048))
        .max(50)
        .default([])
        .describe("Extra start paths on the same origin, e.g. /pricing"),
      sitemaps: z.boolean().default(true).describe("Also crawl robots.txt Sitemap: lines / sitemap.xml"),
      per_template: z.number().int().min(0).max(100).default(0).describe("Audit ≤ N pages per template (URL pattern + DOM skeleton); 0 = all"),
      max_concurrency_per_host: z.number().int().min(1).max(16).optional().describe("Pages in flight per host"),
      delay_ms: z.number().int().min(0).max(60_000).default(0).describe("Min delay between requests to a host, ms"),
      baseline_scan_id: z.string().min(1).max(64).optional().describe("Earlier scan to diff against (sitelint_compare_scans)"),
      compare_mismatched: z.boolean().default(false).describe("Allow a baseline with another profile/viewport_set"),
      auth_profile_id: z.string().min(1).max(64).optional().describe("Auth profile for logged-in pages (sitelint_list_auth_profiles)"),
    })
    .strict(),
  output: JobRef.extend({ scan_id: z.string() }),
  targets: (input) => ({ urls: [input.url] }),
  handler: async (input, { db, principal, requestId }) => {
    const { scanId, job } = await createScan(
      db,
      {
        url: input.url,
        profile: input.profile,
        viewportSet: input.viewport_set,
        crawlBudget: input.crawl_budget,
        entryPaths: input.entry_paths,
        baselineScanId: input.baseline_scan_id,
        authProfileId: input.auth_profile_id,
        options: { sitemaps: input.sitemaps, per_template: input.per_template, max_concurrency_per_host: input.max_concurrency_per_host, delay_ms: input.delay_ms, compare_mismatched: input.compare_mismatched },
      },
      { principal, requestId },
    );
    return { ...toJobRef(job), scan_id: scanId };
  },
});
