import type { ScanOptions } from "@/drizzle/schema";

export type { ScanOptions };

/** A scan's crawl options with every default filled in (see {@link resolveScanOptions}). */
export type ResolvedScanOptions = Required<ScanOptions>;

const clamp = (n: number, lo: number, hi: number) => (Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.floor(n))) : lo);

/**
 * Defaults for what `start_scan` leaves out: sitemaps read; every page audited (no per-template sampling); at most
 * `SITELINT_CONCURRENCY` pages in flight per host; no extra delay between requests to one host (ms).
 * Values are clamped to what `start_scan` accepts (per_template 0..100, max_concurrency_per_host 1..16 and ≤
 * `concurrency`, delay_ms 0..60 000), so a hand-edited row cannot stall a crawl.
 * @param o the stored `scans.options` (any subset). @param concurrency the process's page concurrency.
 */
export function resolveScanOptions(o: ScanOptions | null | undefined, concurrency: number): ResolvedScanOptions {
  return {
    sitemaps: o?.sitemaps ?? true,
    per_template: clamp(o?.per_template ?? 0, 0, 100),
    max_concurrency_per_host: clamp(Math.min(o?.max_concurrency_per_host ?? concurrency, concurrency), 1, 16),
    delay_ms: clamp(o?.delay_ms ?? 0, 0, 60_000),
    compare_mismatched: o?.compare_mismatched ?? false,
  };
}
