/**
 * Total accessors for SARIF JSON values: a report is untrusted input, so every property may be missing or of the wrong
 * type. Each accessor returns `undefined` (or an empty array) instead of throwing.
 */
export type Rec = Record<string, unknown>;

/** `v` when it is a plain JSON object. */
export const obj = (v: unknown): Rec | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : undefined);

/** `v` when it is an array, else `[]`. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** `v` when it is a non-empty string. */
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** `v` when it is an integer ≥ `min` (SARIF uses -1 for "not set" on indexes). */
export const int = (v: unknown, min = 0): number | undefined => (typeof v === "number" && Number.isInteger(v) && v >= min ? v : undefined);

/** `v` when it is a finite number, or a string holding one (`"security-severity": "7.5"`). */
export function num(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The strings of an array (other elements dropped); a lone string counts as a one-element array. */
export const strings = (v: unknown): string[] => (typeof v === "string" ? [v] : arr(v).filter((s): s is string => typeof s === "string"));
