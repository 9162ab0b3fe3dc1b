import type { Severity, ViewportName } from "../types";

/** Log-normal control points: the value scoring 0.9 (`p10`) and the one scoring 0.5 (`median`). */
export type ScoringPoints = { p10: number; median: number };

/**
 * Lighthouse 13 scoring control points (each metric audit's `defaultOptions`, read at GoogleChrome/lighthouse
 * f8eac394): `largest-contentful-paint`, `total-blocking-time` and `first-contentful-paint` differ for the desktop and
 * mobile form factors; `cumulative-layout-shift` and `total-byte-weight` have one set. Units: ms, unitless, bytes.
 */
export const LIGHTHOUSE_SCORING = {
  lcp: { desktop: { p10: 1200, median: 2400 }, mobile: { p10: 2500, median: 4000 } },
  tbt: { desktop: { p10: 150, median: 350 }, mobile: { p10: 200, median: 600 } },
  fcp: { desktop: { p10: 934, median: 1600 }, mobile: { p10: 1800, median: 3000 } },
  cls: { p10: 0.1, median: 0.25 },
  totalBytes: { p10: 2667 * 1024, median: 4000 * 1024 },
} as const satisfies Record<string, ScoringPoints | Record<ViewportName, ScoringPoints>>;

// erfc⁻¹(1/5): ties the p10 control point to a 0.9 score.
const INVERSE_ERFC_ONE_FIFTH = 0.9061938024368232;

/** Abramowitz–Stegun 7.1.26 approximation of the error function (|error| < 1.5e-7), as Lighthouse's statistics.js uses. */
function erf(x: number): number {
  const sign = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-x * x));
}

/**
 * Lighthouse's metric score for `value` (Lighthouse 13 `shared/statistics.js` `getLogNormalScore` plus the
 * `Util.computeLogNormalScore` boost above 0.9 and two-decimal floor): 1 for values ≤ 0, 0.9 at `p10`, 0.5 at the
 * median, → 0 for large values; clamped so ≤ p10 scores ≥ 0.9, ≤ median scores ≥ 0.5 and > median scores < 0.5.
 * @throws Error when the control points are not 0 < p10 < median (a programming error).
 */
export function logNormalScore({ p10, median }: ScoringPoints, value: number): number {
  if (!(p10 > 0 && median > p10)) throw new Error("scoring control points need 0 < p10 < median");
  if (value <= 0) return 1;
  const standardized = (Math.log(value / median) * INVERSE_ERFC_ONE_FIFTH) / -Math.log(p10 / median);
  const raw = (1 - erf(standardized)) / 2;
  let score = value <= p10 ? Math.max(0.9, Math.min(1, raw)) : value <= median ? Math.max(0.5, Math.min(0.8999999999999999, raw)) : Math.max(0, Math.min(0.4999999999999999, raw));
  if (score > 0.9) score += 0.05 * (score - 0.9);
  return Math.floor(score * 100) / 100;
}

/**
 * Lighthouse's rating of a metric value: `pass` (≤ p10, score ≥ 0.9, green), `average` (≤ median, orange) or `fail`
 * (> median, red). SiteLint reports a finding for `average` and `fail` only.
 */
export function rateMetric(points: ScoringPoints, value: number): "pass" | "average" | "fail" {
  return value <= points.p10 ? "pass" : value <= points.median ? "average" : "fail";
}

/** Severity of a rated metric: `[average, fail]` severities for that metric (e.g. `["medium", "high"]` for Web Vitals). */
export const severityFor = (rating: "average" | "fail", [average, fail]: readonly [Severity, Severity]): Severity =>
  rating === "fail" ? fail : average;
