import type { z } from "zod";

/** Types of conformance-baseline.mjs (the pure half of scripts/conformance.mjs). */
export type CheckStatus = "SUCCESS" | "FAILURE" | "WARNING" | "SKIPPED" | "INFO";
export type Check = { id: string; status: CheckStatus; description?: string; errorMessage?: string | null; details?: unknown; [k: string]: unknown };
export type RequirementSet = { server: string[]; not_scored: { scenario: string; leg: "server" | "client"; reason: string; note?: string }[] };
export type BaselineEntry = { scenario: string; checkId?: string; text: string };
export type CheckBrief = { check: string; status: CheckStatus; message: string };
export type SetVerdict = {
  revision: string;
  required: number;
  passed: string[];
  expected: { scenario: string; checks: CheckBrief[] }[];
  unexpected: { scenario: string; checks: CheckBrief[]; excused: CheckBrief[] }[];
  stale: string[];
  notRun: string[];
  notScored: ({ scenario: string; reason: string; passed: number; failing: CheckBrief[] } | { scenario: string; reason: string; notRun: true })[];
  checks: { passed: number; failed: number; warnings: number; skipped: number };
};

export const Checks: z.ZodType<Check[]>;
export const Requirements: z.ZodType<RequirementSet>;
export function parseBaseline(yamlText: string): BaselineEntry[];
export function collapseChecks(checks: Check[]): Check[];
export function isFailing(check: Check): boolean;
export function evaluateSet(revision: string, requirements: RequirementSet, results: Map<string, Check[]>, baseline: BaselineEntry[]): SetVerdict;
