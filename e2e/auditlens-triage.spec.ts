import { expect, test, type Page } from "@playwright/test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { corpusDir, CORPUS_MISSING } from "./support/corpus";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github";
import { isolatedApp, startApp, type AppServer } from "./support/app-server";
import { callOk, connectMcp, waitForJob } from "./support/mcp";
import { signInAsOperator } from "./support/operator";
import { seedTriageScenario, TRIAGE } from "./support/triage-scenario";

const PAT = "github_pat_11E2ETRIAGE0fakeTokenForTheTriageSuite_abcdefghijklmnopqrstuvwxyz0123456789ABCDE";
const corpus = corpusDir();

type Conf = { status: string; confirmation_id: string; confirmation_token: string; approve_url: string; summary: string };
type Draft = { repo: string; title: string; body: string; labels: string[]; fingerprint: string };
type Filed = { action: string; issue_number: number; issue_url: string; receipt_id: string; recovered: boolean };

test.describe("AuditLens triage → draft → sticky issue, with the official MCP client, the fake GitHub and an operator in Chromium", () => {
  test.skip(!corpus, CORPUS_MISSING);
  let gh: FakeGitHub;
  let app: AppServer;
  test.beforeAll(async () => {
    gh = await startFakeGitHub({ seed: "empty" });
    gh.addToken(PAT, { login: "mona", kind: "pat" });
    seedTriageScenario(gh, corpus!);
    const { dataDir, env } = await isolatedApp("auditlens-triage", { GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: PAT, GITHUB_URL_ALLOWLIST: "127.0.0.1", GITHUB_WRITE_ALLOWLIST: TRIAGE.repo });
    app = await startApp({ dataDir, env });
  });
  test.afterAll(async () => {
    await app?.stop();
    await gh?.close();
  });

  /** The operator opens the approve link, sees the rendered issue, approves. */
  async function approveInConsole(page: Page, conf: Conf, title: string) {
    await page.goto(conf.approve_url.replace(/^https?:\/\/[^/]+/, app.baseUrl));
    await expect(page.getByTestId("issue-preview-title")).toHaveText(title);
    await page.getByTestId("approve").click();
    await expect(page.getByTestId("confirmation-status")).toHaveText("approved");
  }
  async function fileIssue(client: Client, page: Page, draft: Pick<Draft, "repo" | "title" | "body" | "labels">): Promise<Filed> {
    const args = { repo: draft.repo, title: draft.title, body: draft.body, labels: draft.labels };
    const conf = await callOk<Conf>(client, "auditlens_create_issue", args);
    expect(conf.status).toBe("confirmation_required");
    expect(conf.summary).toContain(`File a GitHub issue in ${draft.repo}`);
    expect(conf.summary).toContain(draft.title);
    await approveInConsole(page, conf, draft.title);
    return callOk<Filed>(client, "auditlens_create_issue", { ...args, confirmation_token: conf.confirmation_token });
  }
  const issues = () => gh.state.issues.filter((i) => i.repo === TRIAGE.repo && !i.pull);

  test("a red PR: triage classifies, the draft is approved with its body rendered, one issue is filed, then commented; a lost response still files once", async ({ page }) => {
    const client = await connectMcp(app.baseUrl);
    const started = await callOk<{ job_id: string; triage_id: string }>(client, "auditlens_triage_run", { repo: TRIAGE.repo, pr_number: TRIAGE.prNumber });
    const job = await waitForJob(client, started.job_id);
    expect(job.status, JSON.stringify(job)).toBe("succeeded");
    const triage = await callOk<{ summary: { counts: Record<string, number>; headline: string } }>(client, "auditlens_get_triage", { triage_id: started.triage_id });
    expect(triage.summary.counts).toEqual({ new: TRIAGE.expected.new, existing: TRIAGE.expected.existing, fixed: TRIAGE.expected.fixed, flaky: TRIAGE.expected.flaky, broken: TRIAGE.expected.broken });

    await signInAsOperator(page, app.baseUrl, { callbackUrl: `/triages/${started.triage_id}` });
    await page.goto(`${app.baseUrl}/triages/${started.triage_id}`);
    for (const c of ["new", "existing", "fixed", "flaky", "broken"] as const) await expect(page.getByTestId(`triage-class-${c}`)).toHaveAttribute("data-count", String(TRIAGE.expected[c]));
    await expect(page.getByText(triage.summary.headline).first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("triage.png"), fullPage: true });

    const draft = await callOk<Draft>(client, "auditlens_draft_issue", { triage_id: started.triage_id });
    const first = await fileIssue(client, page, draft);
    await expect(page.getByTestId("issue-preview-body")).toContainText("Failing tests (4)");
    await page.screenshot({ path: test.info().outputPath("create-issue-confirmation.png"), fullPage: true });
    expect(first).toMatchObject({ action: "created", recovered: false });
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.body).toContain(`<!-- omniaudit:fingerprint=${draft.fingerprint} -->`);

    const again = await fileIssue(client, page, draft);
    expect(again).toMatchObject({ action: "commented", issue_number: first.issue_number });
    expect(issues()).toHaveLength(1);
    expect(gh.state.comments.filter((c) => c.repo === TRIAGE.repo && c.issueNumber === first.issue_number)).toHaveLength(1);

    // GitHub creates the issue but its answer is lost (a 502 after the fact): one issue, one receipt.
    const other = { repo: TRIAGE.repo, title: "Checkout: flaky cart total", body: `<!-- omniaudit:fingerprint=e2e-lost-response-01 -->\n\nThe cart total test flakes.`, labels: ["omniaudit", "flaky"] };
    gh.failNext({ method: "POST", path: /^\/repos\/acme\/shop\/issues$/, status: 502, afterHandling: true });
    const lost = await fileIssue(client, page, other);
    expect(lost).toMatchObject({ action: "created", recovered: true });
    expect(issues().filter((i) => i.title === other.title)).toHaveLength(1);
    const receipts = await callOk<{ receipts: { receipt_id: string; operation: string; status: string }[] }>(client, "core_list_receipts", { operation: "auditlens_create_issue" });
    expect(receipts.receipts.filter((r) => r.receipt_id === lost.receipt_id)).toHaveLength(1);
    expect(receipts.receipts.filter((r) => r.operation === "auditlens_create_issue" && r.status === "succeeded")).toHaveLength(3);
    await client.close();

    await page.goto(`${app.baseUrl}/findings?module=auditlens`);
    await expect(page.getByTestId("finding-row").first()).toBeVisible();
  });
});
