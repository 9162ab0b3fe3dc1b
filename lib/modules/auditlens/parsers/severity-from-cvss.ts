import type { Severity } from "./types";

/**
 * A severity from a CVSS base score (0–10, any CVSS version), with the FIRST CVSS v3.1 qualitative bands, except that
 * 0.0 ("None") gives no severity: ≥ 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium, > 0 low.
 * @returns undefined for a missing, non-numeric, non-positive or out-of-range score.
 */
export function severityFromCvss(score: unknown): Severity | undefined {
  const n = typeof score === "string" && score.trim() !== "" ? Number(score) : score;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0 || n > 10) return undefined;
  if (n >= 9) return "critical";
  if (n >= 7) return "high";
  if (n >= 4) return "medium";
  return "low";
}

const LEVELS: Record<string, Severity> = {
  critical: "critical",
  high: "high",
  important: "high",
  medium: "medium",
  moderate: "medium",
  low: "low",
  info: "info",
  informational: "info",
  negligible: "info",
  none: "info",
};

/**
 * A scanner's own severity word (Trivy `CRITICAL…LOW`, Grype `Critical…Negligible`, npm/yarn `critical…info` with
 * `moderate`, retire.js `critical…low`), case-insensitive. `negligible`, `info` and `none` are `info`.
 * @returns undefined for `unknown`, an empty or an unrecognised level — callers then fall back to CVSS.
 */
export function severityFromLevel(level: unknown): Severity | undefined {
  return typeof level === "string" ? LEVELS[level.trim().toLowerCase()] : undefined;
}

/**
 * The severity of a vulnerable-dependency finding: the tool's level, else the highest CVSS score given, else `low`
 * (an advisory the tool matched but has not rated yet — e.g. awaiting NVD analysis — stays visible without being
 * raised or hidden as informational).
 */
export function dependencySeverity(level: unknown, scores: readonly unknown[] = []): Severity {
  const fromLevel = severityFromLevel(level);
  if (fromLevel) return fromLevel;
  const best = Math.max(0, ...scores.map((s) => (typeof s === "string" ? Number(s) : typeof s === "number" ? s : 0)).filter((s) => Number.isFinite(s) && s <= 10));
  return severityFromCvss(best) ?? "low";
}
