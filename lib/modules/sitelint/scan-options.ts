import type { ScanOptions } from "@/drizzle/schema";

export type { ScanOptions };

/** A scan's crawl options with every default filled in (see {@link resolveScanOptions}). */
export type ResolvedScanOptions = Required<ScanOptions>;

/**
 * Defaults for what `start_scan` leaves out: sitemaps read; every page audited (no per-template sampling); at most
 * `SITELINT_CONCURRENCY` pages in flight per host; no extra delay between requests to one host (ms).
 * @param o the stored `scans.options` (any subset). @param concurrency the process's page concurrency.
 */
export function resolveScanOptions(o: ScanOptions | null | undefined, concurrency: number): ResolvedScanOptions {
  return {
    sitemaps: o?.sitemaps ?? true,
    per_template: o?.per_template ?? 0,
    max_concurrency_per_host: Math.max(1, Math.min(o?.max_concurrency_per_host ?? concurrency, concurrency)),
    delay_ms: o?.delay_ms ?? 0,
    compare_mismatched: o?.compare_mismatched ?? false,
  };
}
