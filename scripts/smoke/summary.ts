/** One check of the smoke workflow. `skipped` says why in `detail` (e.g. no legacy ref was given). */
export type SmokeCheck = { name: string; status: "passed" | "failed" | "skipped"; detail: string; data?: Record<string, unknown> };

/** `artifacts/smoke/<timestamp>/summary.json`. */
export type SmokeSummary = {
  base_url: string;
  started_at: string;
  finished_at: string;
  expect_store: "s3" | "local";
  /** True when no check failed (skipped checks do not fail the run; `skipped` lists them). */
  passed: boolean;
  skipped: string[];
  checks: SmokeCheck[];
  /** The gated write this run made — a later run passes this summary as `--legacy-from`. */
  write: { scan_id?: string; job_id?: string; confirmation_id?: string; receipt_id?: string; result_ref?: string };
  legacy: { ref: string; receipt_id?: string } | null;
  responses_dir: "responses";
};

/** A check's body: what it found, or `skip` with the reason. @throws to fail the check (the message is the detail). */
export type CheckBody = () => Promise<{ detail: string; data?: Record<string, unknown> } | { skip: string }>;

/** Run `body` as check `name` and append its outcome; never throws. @returns whether it passed. */
export async function runCheck(checks: SmokeCheck[], name: string, body: CheckBody): Promise<boolean> {
  try {
    const r = await body();
    if ("skip" in r) checks.push({ name, status: "skipped", detail: r.skip });
    else checks.push({ name, status: "passed", detail: r.detail, ...(r.data ? { data: r.data } : {}) });
  } catch (e) {
    checks.push({ name, status: "failed", detail: e instanceof Error ? e.message : String(e) });
  }
  return checks.at(-1)!.status === "passed";
}

/** Fail the current check with `message` unless `cond` holds. */
export function expectThat(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}
