import type { Grade, ObservatoryTestResult } from "./types";

/** Bonuses count only when the score without them is at least this (Observatory `MINIMUM_SCORE_FOR_EXTRA_CREDIT`). */
export const MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90;

/** Lowest score (a multiple of 5) of each grade (Observatory `GRADE_CHART`). */
const GRADE_FLOORS: [number, Grade][] = [
  [100, "A+"], [90, "A"], [85, "A-"], [80, "B+"], [70, "B"], [65, "B-"], [60, "C+"], [50, "C"], [45, "C-"], [40, "D+"], [30, "D"], [25, "D-"], [0, "F"],
];

/**
 * Grade of a score (Observatory `getGradeForScore`): negative scores count as 0, the score is rounded down to a
 * multiple of 5 and looked up in the grade chart (≥ 100 → A+, 90–95 A, 85 A-, 80 B+, 70–75 B, 65 B-, 60 C+, 50–55 C,
 * 45 C-, 40 D+, 30–35 D, 25 D-, below 25 F).
 * @returns the score clamped at 0 (it may exceed 100: bonuses are kept) and its grade.
 */
export function gradeForScore(raw: number): { score: number; grade: Grade } {
  const score = Math.max(Math.round(raw), 0);
  const key = Math.min(score - (score % 5), 100);
  const grade = GRADE_FLOORS.find(([floor]) => key >= floor)![1];
  return { score, grade };
}

/**
 * Score and grade a set of test results as MDN HTTP Observatory does (`src/scanner/index.js` `analyzeScan`): start at
 * 100, subtract every penalty; only when that is still ≥ {@link MINIMUM_SCORE_FOR_EXTRA_CREDIT} add the bonuses too;
 * never below 0. Results with `scored: false` (SiteLint's extensions) are ignored. A document's results without the
 * site-level `redirection` test give its page score; add the site's redirection result for the start URL's
 * Observatory-comparable grade.
 * @param results one result per test (duplicates of a test are each counted — pass each test once).
 */
export function observatoryScore(results: readonly ObservatoryTestResult[]): { score: number; grade: Grade } {
  let penalties = 0;
  let bonuses = 0;
  for (const r of results) {
    if (!r.scored) continue;
    if (r.scoreModifier < 0) penalties += r.scoreModifier;
    else bonuses += r.scoreModifier;
  }
  const uncurved = 100 + penalties;
  return gradeForScore(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? uncurved + bonuses : uncurved);
}
