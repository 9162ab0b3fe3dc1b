import { AppError } from "@/lib/errors";

/** Caps on one artifact archive. All sizes in bytes. */
export type ArtifactLimits = {
  /** Size of the zip file itself. */
  maxArchiveBytes: number;
  /** Sum of all entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Entries in the central directory (files and directories). */
  maxEntries: number;
  /** Uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Uncompressed / compressed size of one entry; only checked for entries above {@link RATIO_MIN_BYTES}. */
  maxRatio: number;
};

const MiB = 1024 * 1024;

/** Entries at most this big (bytes) are exempt from the ratio check: a small file of zeros is no bomb. */
export const RATIO_MIN_BYTES = MiB;

/** 512 MiB archive, 1 GiB uncompressed in total, 10 000 entries, 256 MiB per entry, ratio 100. */
export const DEFAULT_ARTIFACT_LIMITS: ArtifactLimits = Object.freeze({
  maxArchiveBytes: 512 * MiB,
  maxUncompressedBytes: 1024 * MiB,
  maxEntries: 10_000,
  maxEntryBytes: 256 * MiB,
  maxRatio: 100,
});

/**
 * The defaults overlaid with `overrides`.
 * @throws AppError VALIDATION_ERROR when an override is not a positive number.
 */
export function resolveLimits(overrides: Partial<ArtifactLimits> = {}): ArtifactLimits {
  const limits = { ...DEFAULT_ARTIFACT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof ArtifactLimits, unknown][]) {
    if (!(key in limits)) throw new AppError("VALIDATION_ERROR", `Unknown artifact limit: ${String(key)}`);
    if (value === undefined) continue;
    if (typeof value !== "number" || !(value > 0)) throw new AppError("VALIDATION_ERROR", `Artifact limit ${key} must be a positive number`);
    limits[key] = value;
  }
  return limits;
}

/** True when `uncompressed` bytes out of `compressed` exceed the ratio cap (only for entries over 1 MiB). */
export function exceedsRatio(uncompressed: number, compressed: number, maxRatio: number): boolean {
  return uncompressed > RATIO_MIN_BYTES && uncompressed > compressed * maxRatio;
}
