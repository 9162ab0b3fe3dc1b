import fs from "node:fs";
import path from "node:path";
import { connectSmokeMcp, type SmokeMcp } from "./mcp";
import { assertMetrics } from "./metrics";
import { assertObjectServed, refMatchesStore } from "./objects";
import { signInOperator, type OperatorClient } from "./operator";
import type { SmokeOptions } from "./options";
import { createRecorder, keptHeaders } from "./recorder";
import { expectThat, runCheck, type SmokeCheck, type SmokeSummary } from "./summary";
import { runConfirmedWrite, type WriteOutcome } from "./write-flow";

const GATED_TOOL = "sitelint_delete_scan";

/**
 * The live smoke workflow against a running deployment, in order: `/api/healthz`; the MCP handshake and
 * `core_health` with the official SDK client; operator sign-in; a legacy ref (written before the switch to S3) still
 * served by `/api/objects/<ref>` with the right bytes, and its receipt still readable; a gated write through
 * confirmation, operator approval and receipt; the new write's refs (receipt result, screenshots) in the expected store
 * and served; `/metrics` declaring and counting the product's counters. Writes `summary.json` and every raw answer under
 * `o.outDir`. Checks that need an earlier one (MCP, the operator) fail with the reason when it failed.
 * @returns the summary (also written to `<outDir>/summary.json`).
 */
export async function runSmoke(o: SmokeOptions): Promise<SmokeSummary> {
  const rec = createRecorder(o.outDir);
  const checks: SmokeCheck[] = [];
  const startedAt = new Date().toISOString();
  let mcp: SmokeMcp | undefined;
  let op: OperatorClient | undefined;
  let write: SmokeSummary["write"] = {};
  let outcome: WriteOutcome | undefined;
  const need = <T>(v: T | undefined, what: string): T => {
    expectThat(v, `skipped for lack of ${what} (see the check above)`);
    return v;
  };

  await runCheck(checks, "healthz", async () => {
    const res = await fetch(new URL("/api/healthz", o.baseUrl));
    const body = await res.json().catch(() => null);
    rec.record("healthz", { request: { method: "GET", url: "/api/healthz" }, status: res.status, headers: keptHeaders(res.headers), body });
    expectThat(res.status === 200 && (body as { status?: string })?.status === "ok", `/api/healthz answered ${res.status} ${JSON.stringify(body)}`);
    return { detail: "200 ok" };
  });
  await runCheck(checks, "mcp_health", async () => {
    mcp = await connectSmokeMcp(o.baseUrl, rec, o.mcpApiKey);
    const h = await mcp.ok<Record<string, unknown>>("core_health");
    return { detail: `MCP connected; core_health ${String(h.status)}`, data: { object_store: h.object_store, database: h.database, jobs: h.jobs, chromium: h.chromium } };
  });
  await runCheck(checks, "operator_sign_in", async () => {
    op = await signInOperator(o.baseUrl, o.operator);
    return { detail: `signed in with ${op.via === "api_key" ? "an operator API key" : `the password of ${o.operator.kind === "password" ? o.operator.username : ""}`}` };
  });
  await runCheck(checks, "legacy_ref_readable", async () => {
    if (!o.legacy) return { skip: "no --legacy-ref or --legacy-from given (pass a ref written before the switch to S3)" };
    const served = await assertObjectServed(need(op, "an operator session"), rec, o.legacy.ref);
    let receipt = "no receipt id given";
    if (o.legacy.receiptId) {
      const r = await need(mcp, "an MCP session").ok<{ result_ref: string | null; result: unknown; result_error: string | null }>("core_get_receipt", { receipt_id: o.legacy.receiptId });
      expectThat(r.result_ref === o.legacy.ref, `receipt ${o.legacy.receiptId} now points at ${r.result_ref}, not ${o.legacy.ref}`);
      expectThat(r.result !== null && !r.result_error, `receipt ${o.legacy.receiptId}'s result is no longer readable: ${r.result_error}`);
      receipt = `receipt ${o.legacy.receiptId} still returns its result`;
    }
    return { detail: `${o.legacy.ref} served (${served.bytes} bytes, digest matches); ${receipt}`, data: { ...served } };
  });
  await runCheck(checks, "write_confirmation_flow", async () => {
    outcome = await runConfirmedWrite({ mcp: need(mcp, "an MCP session"), op: need(op, "an operator session"), rec, scanUrl: o.scanUrl, jobTimeoutMs: o.jobTimeoutMs }, (w) => (write = w));
    return {
      detail: `scan ${outcome.scan_id} ${outcome.scan_status}; ${GATED_TOOL} confirmation ${outcome.confirmation_id} (${outcome.approval} approval) → receipt ${outcome.receipt_id}; replay ${outcome.replay_code}`,
      data: { approval: outcome.approval, replay: outcome.replay_code },
    };
  });
  await runCheck(checks, "new_write_refs", async () => {
    const w = need(outcome, "a completed write");
    const refs = [w.result_ref!, ...w.evidence_refs];
    const wrong = refs.filter((r) => !refMatchesStore(r, o.expectStore));
    expectThat(!wrong.length, `expected ${o.expectStore} refs, got ${wrong.join(", ")}`);
    // The scan's screenshots were deleted with it; the receipt's result object stays and must be served.
    const served = await assertObjectServed(need(op, "an operator session"), rec, w.result_ref!);
    return { detail: `receipt result ${w.result_ref} (${served.bytes} bytes served, digest matches)${w.evidence_refs.length ? ` and ${w.evidence_refs.length} screenshot ref(s)` : ""} are ${o.expectStore} refs`, data: { refs } };
  });
  await runCheck(checks, "metrics", async () => {
    const res = await fetch(new URL("/metrics", o.baseUrl));
    const text = await res.text();
    rec.record("metrics", { request: { method: "GET", url: "/metrics" }, status: res.status, headers: keptHeaders(res.headers), body: text });
    expectThat(res.status === 200, `/metrics answered ${res.status}`);
    return { detail: "counters declared and counted", data: assertMetrics(text, GATED_TOOL) };
  });
  await mcp?.close().catch(() => undefined);

  const summary: SmokeSummary = {
    base_url: o.baseUrl,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    expect_store: o.expectStore,
    passed: checks.every((c) => c.status !== "failed"),
    skipped: checks.filter((c) => c.status === "skipped").map((c) => c.name),
    checks,
    write,
    legacy: o.legacy ? { ref: o.legacy.ref, ...(o.legacy.receiptId ? { receipt_id: o.legacy.receiptId } : {}) } : null,
    responses_dir: "responses",
  };
  fs.writeFileSync(path.join(o.outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
