/** Checksum files larger than this are refused, bytes (a SHA256SUMS for 1000 assets is ~100 KiB). */
export const MAX_CHECKSUM_FILE_BYTES = 1024 * 1024;

/** Asset downloads in flight at once, per verification. */
export const DOWNLOAD_CONCURRENCY = 3;

/** First bytes of a body inspected for an HTML error page. */
export const SNIFF_BYTES = 64;

/** A download that delivers no byte for this long is abandoned, ms. */
export const STALL_TIMEOUT_MS = 30_000;

/**
 * Whole-download timeout of one asset, ms: 60 s plus 1 s per 2 MB (a 1 GiB asset gets ~9.5 min), at most 10 min —
 * `openRedirectedDownload`'s own ceiling.
 */
export function assetTimeoutMs(sizeBytes: number): number {
  return Math.min(10 * 60_000, 60_000 + Math.ceil(sizeBytes / 2_000));
}

/**
 * `mode: "auto"` runs the verification as a durable job when the assets to download total more than this many
 * bytes or number more than {@link JOB_THRESHOLD_ASSETS} (digest-verified assets download nothing and do not count).
 */
export const JOB_THRESHOLD_BYTES = 256 * 1024 * 1024;
export const JOB_THRESHOLD_ASSETS = 20;
