import type { SmokeMcp } from "./mcp";
import type { OperatorClient } from "./operator";
import { keptHeaders, type Recorder } from "./recorder";
import { expectThat, type SmokeSummary } from "./summary";

type JobRef = { job_id: string; status: string; progress: number };
type ScanPage = { screenshot_ref: string | null };
type Confirmation = { status: string; confirmation_id: string; confirmation_token: string; approval: "operator" | "token"; approve_url: string };
type Receipt = { receipt_id: string; status: string; result_ref: string | null; result: unknown; result_error: string | null; operation: string };

const FINAL = new Set(["succeeded", "failed", "cancelled"]);

/** Poll `core_get_job` every second until the job is final. @throws after `timeoutMs`. */
async function waitForJob(mcp: SmokeMcp, jobId: string, timeoutMs: number): Promise<JobRef> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await mcp.ok<JobRef>("core_get_job", { job_id: jobId });
    if (FINAL.has(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** What the gated write produced, for the summary and the ref checks. */
export type WriteOutcome = SmokeSummary["write"] & { receipt: Receipt; evidence_refs: string[]; scan_status: string; approval: string; replay_code: string };

/**
 * The product's gated write, end to end: scan one page (`sitelint_start_scan`, so there is something to delete; the
 * scan may fail — a failed scan can be deleted too), then `sitelint_delete_scan` through the write gate: the first
 * call returns `confirmation_required`; in approval mode `operator` the operator approves it with
 * `POST /api/confirmations/{id}/approve`; the call with the token runs once and returns a receipt id; the receipt is
 * read back (`core_get_receipt`, result inline) and the token replayed, which must be `CONFIRMATION_ALREADY_USED`.
 * @param onProgress receives the ids as they appear, so a failure later still leaves them in the summary.
 * @throws Error naming the step that did not behave.
 */
export async function runConfirmedWrite(
  o: { mcp: SmokeMcp; op: OperatorClient; rec: Recorder; scanUrl: string; jobTimeoutMs: number },
  onProgress: (w: SmokeSummary["write"]) => void,
): Promise<WriteOutcome> {
  const { mcp, op, rec } = o;
  const started = await mcp.ok<JobRef & { scan_id: string }>("sitelint_start_scan", { url: o.scanUrl, crawl_budget: 1, profile: "quick" });
  onProgress({ scan_id: started.scan_id, job_id: started.job_id });
  const job = await waitForJob(mcp, started.job_id, o.jobTimeoutMs);
  const scan = await mcp.ok<{ status: string; pages?: ScanPage[] }>("sitelint_get_scan", { scan_id: started.scan_id });
  const evidence = (scan.pages ?? []).flatMap((p) => (p.screenshot_ref ? [p.screenshot_ref] : []));

  const args = { scan_id: started.scan_id };
  const ask = await mcp.ok<Confirmation>("sitelint_delete_scan", args);
  expectThat(ask.status === "confirmation_required", `sitelint_delete_scan without a token answered status ${ask.status}, not confirmation_required`);
  onProgress({ scan_id: started.scan_id, job_id: started.job_id, confirmation_id: ask.confirmation_id });
  if (ask.approval === "operator") {
    const url = `/api/confirmations/${ask.confirmation_id}/approve`;
    const res = await op.fetch(url, { method: "POST" });
    const body = await res.json().catch(() => null);
    rec.record("approve", { request: { method: "POST", url }, status: res.status, headers: keptHeaders(res.headers), body });
    expectThat(res.status === 200, `POST ${url} as the operator (${op.via}) answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
  const done = await mcp.ok<{ receipt_id?: string }>("sitelint_delete_scan", { ...args, confirmation_token: ask.confirmation_token });
  expectThat(done.receipt_id, `the confirmed sitelint_delete_scan returned no receipt_id: ${JSON.stringify(done).slice(0, 300)}`);
  const receipt = await mcp.ok<Receipt>("core_get_receipt", { receipt_id: done.receipt_id });
  const write = { scan_id: started.scan_id, job_id: started.job_id, confirmation_id: ask.confirmation_id, receipt_id: receipt.receipt_id, ...(receipt.result_ref ? { result_ref: receipt.result_ref } : {}) };
  onProgress(write);
  expectThat(receipt.status === "succeeded", `receipt ${receipt.receipt_id} is ${receipt.status}`);
  expectThat(receipt.result_ref, `receipt ${receipt.receipt_id} has no result_ref`);
  // The result object holds the call's output (`{ receipt_id, operation, …, output }`), read back through the store.
  const output = (receipt.result as { output?: { scan_id?: string } } | null)?.output;
  expectThat(output?.scan_id === started.scan_id, `receipt ${receipt.receipt_id}'s result does not name scan ${started.scan_id}: ${receipt.result_error ?? JSON.stringify(receipt.result).slice(0, 200)}`);
  const replay = await mcp.call("sitelint_delete_scan", { ...args, confirmation_token: ask.confirmation_token });
  expectThat(!replay.ok && replay.code === "CONFIRMATION_ALREADY_USED", `replaying the token gave ${replay.ok ? "a result" : replay.code}, not CONFIRMATION_ALREADY_USED`);
  return { ...write, receipt, evidence_refs: evidence, scan_status: `${scan.status} (job ${job.status}, ${evidence.length} screenshot(s))`, approval: ask.approval, replay_code: replay.ok ? "ok" : replay.code };
}
