// The pure half of scripts/conformance.mjs: the baseline grammar, the suite's duplicate-check collapse and the judging
// of one requirement set's results against the baseline — the rules of @modelcontextprotocol/conformance's
// `evaluateBaseline` (src/expected-failures.ts), re-implemented so the report can name every failing check and
// classify every scenario. Types in conformance-baseline.d.mts; tests in conformance-baseline.test.ts.
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** A `checks.json` the suite writes per scenario. */
export const Checks = z.array(
  z.object({ id: z.string(), status: z.enum(["SUCCESS", "FAILURE", "WARNING", "SKIPPED", "INFO"]), description: z.string().optional(), errorMessage: z.string().nullish(), details: z.unknown().optional() }).loose(),
);

/** A bundled `requirements/<revision>.yaml` (server leg and the not-scored list). */
export const Requirements = z
  .object({
    server: z.array(z.string()),
    not_scored: z.array(z.object({ scenario: z.string(), leg: z.enum(["server", "client"]), reason: z.string(), note: z.string().optional() })).default([]),
  })
  .loose();

const Baseline = z
  .object({ server: z.array(z.string().regex(/^[a-z0-9/_-]+(:[a-z0-9/_.-]+)?$/, "must be '<scenario>' or '<scenario>:<check-id>' (no space after the colon)")).default([]) })
  .strict();

/**
 * Parse an expected-failures file (YAML `server:` list of `<scenario>` or `<scenario>:<check-id>`).
 * @returns the entries as `{ scenario, checkId?, text }`.
 * @throws ZodError on another shape, a mapping (`- a: b`, a space after the colon) or a scenario listed both wholesale
 *   and per check (contradictory; the suite rejects it too).
 */
export function parseBaseline(yamlText) {
  const { server } = Baseline.parse(parseYaml(yamlText) ?? {});
  const entries = server.map((text) => {
    const i = text.indexOf(":");
    return i === -1 ? { scenario: text, text } : { scenario: text.slice(0, i), checkId: text.slice(i + 1), text };
  });
  const wholesale = new Set(entries.filter((e) => !e.checkId).map((e) => e.scenario));
  const both = entries.find((e) => e.checkId && wholesale.has(e.scenario));
  if (both) throw new Error(`expected-failures: '${both.scenario}' is listed whole and as '${both.text}'; keep one`);
  return entries;
}

/**
 * Collapse repeated check ids to their most severe occurrence (FAILURE > WARNING > SUCCESS > anything else; ties →
 * the last), keeping every INFO entry — as the suite does before matching a baseline.
 */
export function collapseChecks(checks) {
  const severity = (s) => ({ FAILURE: 3, WARNING: 2, SUCCESS: 1 })[s] ?? 0;
  const winner = new Map();
  checks.forEach((c, i) => {
    if (c.status !== "INFO" && (!winner.has(c.id) || severity(c.status) >= severity(checks[winner.get(c.id)].status))) winner.set(c.id, i);
  });
  return checks.filter((c, i) => c.status === "INFO" || winner.get(c.id) === i);
}

/** A check that fails a run under a baseline: the suite counts a WARNING (a SHOULD not met) as a failure. */
export const isFailing = (c) => c.status === "FAILURE" || c.status === "WARNING";

const brief = (c) => ({ check: c.id, status: c.status, message: String(c.errorMessage ?? c.details?.message ?? c.description ?? "").slice(0, 400) });

/**
 * Judge one requirement set's (collapsed) results against the baseline and classify every scored scenario: `passed`
 * (no failing check), `expected` (every failing check baselined: fixture-only), `unexpected` (a failing check not
 * baselined; `excused` lists the baselined ones beside it), `notRun` (no results). `stale`: baselined checks or
 * scenarios that passed. A baselined check that is absent or SKIPPED is tolerated. Not-scored scenarios are reported
 * in `notScored` and never judged.
 * @param results scenario name → its collapsed checks.
 */
export function evaluateSet(revision, requirements, results, baseline) {
  const out = { revision, required: requirements.server.length, passed: [], expected: [], unexpected: [], stale: [], notRun: [], notScored: [], checks: { passed: 0, failed: 0, warnings: 0, skipped: 0 } };
  for (const scenario of requirements.server) {
    const checks = results.get(scenario);
    if (!checks) {
      out.notRun.push(scenario);
      continue;
    }
    for (const c of checks) {
      if (c.status === "SUCCESS") out.checks.passed++;
      else if (c.status === "FAILURE") out.checks.failed++;
      else if (c.status === "WARNING") out.checks.warnings++;
      else if (c.status === "SKIPPED") out.checks.skipped++;
    }
    const failed = checks.filter(isFailing);
    if (baseline.some((e) => e.scenario === scenario && !e.checkId)) {
      if (failed.length) out.expected.push({ scenario, checks: failed.map(brief) });
      else out.stale.push(scenario);
      continue;
    }
    const perCheck = new Set(baseline.filter((e) => e.scenario === scenario && e.checkId).map((e) => e.checkId));
    for (const id of perCheck) {
      if (checks.find((c) => c.id === id && c.status !== "INFO")?.status === "SUCCESS") out.stale.push(`${scenario}:${id}`);
    }
    const excused = failed.filter((c) => perCheck.has(c.id)).map(brief);
    const notExcused = failed.filter((c) => !perCheck.has(c.id)).map(brief);
    if (notExcused.length) out.unexpected.push({ scenario, checks: notExcused, excused });
    else if (excused.length) out.expected.push({ scenario, checks: excused });
    else out.passed.push(scenario);
  }
  for (const { scenario, reason } of requirements.not_scored.filter((e) => e.leg === "server")) {
    const checks = results.get(scenario);
    out.notScored.push(checks ? { scenario, reason, passed: checks.filter((c) => c.status === "SUCCESS").length, failing: checks.filter(isFailing).map(brief) } : { scenario, reason, notRun: true });
  }
  return out;
}
