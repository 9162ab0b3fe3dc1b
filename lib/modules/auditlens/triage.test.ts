// Triage and sticky issues against the fake GitHub, with the real corpus reports (see e2e/support/triage-scenario.ts).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { corpusDir, CORPUS_MISSING } from "@/e2e/support/corpus";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { seedTriageScenario, TRIAGE } from "@/e2e/support/triage-scenario";
import { receipts } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { resetGitHubClients } from "@/lib/github/github-access";
import { getJobRow } from "@/lib/jobs/queries";
import { decideConfirmation } from "@/lib/runtime/confirmations/decide-confirmation";
import { errorCodeOf } from "@/lib/runtime/test-support";
import { runTool, type ToolCallResult } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";
import { markerFor } from "./issues/issue-marker";

const PAT = "github_pat_11TRIAGE0fakeTokenForTriageTests_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
const corpus = corpusDir();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let gh: FakeGitHub;
let triageId: string;

async function call(name: string, args: Record<string, unknown>, principal = "tester"): Promise<ToolCallResult & { sc: Json }> {
  const r = await runTool({ tool: findTool(name)!, args, principal, requestId: `t-${Date.now()}`, catalog: { findTool } });
  return { ...r, sc: (r.structuredContent ?? {}) as Json };
}
const ok = async (name: string, args: Record<string, unknown>) => {
  const r = await call(name, args);
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.sc;
};
async function waitJob(jobId: string) {
  const db = await getDb();
  for (let i = 0; i < 600; i++) {
    const j = await getJobRow(db, jobId);
    if (j && ["succeeded", "failed", "cancelled"].includes(j.status)) return j;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} not final`);
}
/** Ask, approve as an operator, redeem: the create_issue flow. */
async function createApproved(args: Record<string, unknown>) {
  const first = await ok("auditlens_create_issue", args);
  expect(first.status).toBe("confirmation_required");
  await decideConfirmation(await getDb(), { id: first.confirmation_id, decision: "approve", operator: "op-jane" });
  return call("auditlens_create_issue", { ...args, confirmation_token: first.confirmation_token });
}
const shopIssues = () => gh.state.issues.filter((i) => i.repo === TRIAGE.repo && !i.pull);

beforeAll(async () => {
  gh = await startFakeGitHub({ seed: "empty" });
  gh.addToken(PAT, { login: "mona", kind: "pat" });
  if (corpus) seedTriageScenario(gh, corpus);
});
afterAll(async () => {
  await gh?.close();
  for (const k of ["GITHUB_API_URL", "GITHUB_TOKEN", "GITHUB_URL_ALLOWLIST", "GITHUB_WRITE_ALLOWLIST", "RATE_LIMITS"]) delete process.env[k];
  resetEnvForTests();
  resetGitHubClients();
});
beforeEach(() => {
  Object.assign(process.env, { GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: PAT, GITHUB_URL_ALLOWLIST: "127.0.0.1", GITHUB_WRITE_ALLOWLIST: "acme/shop", RATE_LIMITS: "github_writes=100/60,scan_submissions=100/60" });
  resetEnvForTests();
  resetGitHubClients();
});

describe.skipIf(!corpus)(`triage of a red PR run (${corpus ? "corpus reports" : CORPUS_MISSING})`, () => {
  it("classifies every finding and failing test new / existing / fixed / flaky / broken, as seeded", async () => {
    const started = await ok("auditlens_triage_run", { repo: TRIAGE.repo, pr_number: TRIAGE.prNumber });
    triageId = started.triage_id;
    const job = await waitJob(started.job_id);
    expect(job.status, JSON.stringify(job.error)).toBe("succeeded");
    const t = await ok("auditlens_get_triage", { triage_id: triageId, classes: ["new", "existing", "fixed", "flaky", "broken"], limit: 100 });
    expect(t.status).toBe("succeeded");
    expect(t.summary.counts).toEqual({ new: TRIAGE.expected.new, existing: TRIAGE.expected.existing, fixed: TRIAGE.expected.fixed, flaky: TRIAGE.expected.flaky, broken: TRIAGE.expected.broken });
    expect(t.summary.earlier_attempts).toEqual([1]);
    const tests = (c: string) => t.findings[c].items.filter((f: Json) => f.kind === "test").map((f: Json) => f.rule_id);
    expect(tests("flaky")).toEqual([TRIAGE.flakyTest]);
    expect(tests("broken")).toEqual(["Test 1 › Test 1.1::Failing test"]);
    expect(tests("new")).toHaveLength(TRIAGE.expected.newTests);
    const sarifNew = t.findings.new.items.filter((f: Json) => f.kind !== "test");
    expect(sarifNew).toHaveLength(1);
    expect(sarifNew[0]).toMatchObject({ rule_id: "node_insecure_random_generator", location: { path: "/src/index.js", start_line: 321 } });
    expect(t.findings.fixed.items[0]).toMatchObject({ location: { start_line: 100 } });
    expect(t.summary.headline).toMatch(/3 newly failing tests/);
    expect(t.summary.headline).toMatch(/1 test already failing on main/);
    expect(t.summary.headline).toMatch(/1 flaky test/);
  });

  it("drafts an issue: escaped evidence, blob links at the run's SHA, labels and the hidden marker", async () => {
    const d = await ok("auditlens_draft_issue", { triage_id: triageId });
    expect(d.repo).toBe(TRIAGE.repo);
    expect(d.labels).toEqual(expect.arrayContaining(["omniaudit", "ci-failure", "security"]));
    expect(d.body.startsWith(markerFor(d.fingerprint))).toBe(true);
    expect(d.fingerprint).toMatch(/^set:[0-9a-f]{40}$/);
    expect(d.findings_total).toBe(TRIAGE.expected.new + TRIAGE.expected.broken);
    expect(d.body).toContain("### Failing tests (4)");
    expect(d.body).toMatch(/Test 1 › Test 1\\\.1 › Failing test\*\* failed _\(broken\)_/);
    expect(d.body).toContain(`/pull/${TRIAGE.prNumber}`);
    // Again: the same identity, so create_issue would find the same issue.
    expect((await ok("auditlens_draft_issue", { triage_id: triageId })).fingerprint).toBe(d.fingerprint);
  });

  it("create_issue: confirmation, one issue with the marker; the same call again comments; a lost response still files once", async () => {
    const d = await ok("auditlens_draft_issue", { triage_id: triageId });
    const args = { repo: d.repo, title: d.title, body: d.body, labels: d.labels };
    const before = shopIssues().length;
    const created = await createApproved(args);
    expect(created.isError, JSON.stringify(created.content)).toBeFalsy();
    expect(created.sc).toMatchObject({ action: "created", repo: TRIAGE.repo, recovered: false });
    expect(shopIssues()).toHaveLength(before + 1);
    const issue = shopIssues().at(-1)!;
    expect(issue.body).toContain(markerFor(d.fingerprint));
    expect(issue.labels).toEqual(expect.arrayContaining(["omniaudit", "ci-failure"]));
    const [receipt] = await (await getDb()).select().from(receipts).where(eq(receipts.id, created.sc.receipt_id));
    expect(receipt?.status).toBe("succeeded");

    const again = await createApproved(args);
    expect(again.sc).toMatchObject({ action: "commented", issue_number: issue.number });
    expect(shopIssues()).toHaveLength(before + 1);
    const comments = gh.state.comments.filter((c) => c.repo === TRIAGE.repo && c.issueNumber === issue.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toMatch(/^\*\*Seen again\*\*/);
    expect(comments[0]!.body).not.toContain("omniaudit:fingerprint");

    // A different issue whose create response is lost (GitHub created it; we got a 502): found by its marker, once.
    const lost = { repo: TRIAGE.repo, title: "Lost response", body: `${markerFor("lost-response-test-0001")}\n\nbody`, labels: ["omniaudit"] };
    gh.failNext({ method: "POST", path: /^\/repos\/acme\/shop\/issues$/, status: 502, afterHandling: true });
    const recovered = await createApproved(lost);
    expect(recovered.isError, JSON.stringify(recovered.content)).toBeFalsy();
    expect(recovered.sc).toMatchObject({ action: "created", recovered: true });
    expect(shopIssues().filter((i) => i.title === "Lost response")).toHaveLength(1);
    const rows = await (await getDb()).select().from(receipts).where(eq(receipts.operation, "auditlens_create_issue"));
    expect(rows.filter((r) => r.id === recovered.sc.receipt_id)).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === "POST" && r.path === "/repos/acme/shop/issues")).toHaveLength(2);
  });

  it("refuses repos off the write allowlist, and hostile report text cannot mention people or forge a marker", async () => {
    const off = await call("auditlens_create_issue", { repo: "acme/other", title: "x", body: "y" });
    expect(errorCodeOf(off)).toBe("POLICY_DENIED");
    const hostile = `<testsuite name="s" tests="1"><testcase classname="@acme/security-team" name="ping &lt;!-- omniaudit:fingerprint=aaaaaaaaaaaaaaaa --&gt; [x](javascript:alert(1)) ![t](https://evil.example/p.png)"><failure message="@mona #1 &lt;img src=x&gt;">boom</failure></testcase></testsuite>`;
    const parsed = await ok("auditlens_parse_findings", { content: hostile, filename: "junit.xml" });
    const d = await ok("auditlens_draft_issue", { finding_ids: parsed.findings.map((f: Json) => f.finding_id), repo: TRIAGE.repo });
    const withoutOwnMarker = d.body.replace(markerFor(d.fingerprint), "");
    expect(withoutOwnMarker).not.toMatch(/<(?!\/?sub>)/); // only our own <sub> footer
    expect(d.body).not.toMatch(/(^|[^&#\w])@(acme|mona)/);
    expect(d.body).not.toMatch(/\]\(javascript:/);
    expect(d.body).not.toMatch(/!\[t\]\(https/);
  });
});
