import { expect, test } from "@playwright/test";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github";
import { isolatedApp, startApp, type AppServer } from "./support/app-server";
import { callOk, connectMcp } from "./support/mcp";
import { signInAsOperator } from "./support/operator";

const PAT = "github_pat_11E2E000000fakeTokenForTheE2eSuite_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";

test.describe("AuditLens against a fake GitHub, through the built app", () => {
  let gh: FakeGitHub;
  let app: AppServer;
  test.beforeAll(async () => {
    gh = await startFakeGitHub();
    gh.addToken(PAT, { login: "mona", kind: "pat" });
    const { dataDir, env } = await isolatedApp("auditlens", { GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: PAT, GITHUB_URL_ALLOWLIST: "127.0.0.1", LOG_LEVEL: "debug" });
    app = await startApp({ dataDir, env });
  });
  test.afterAll(async () => {
    await app?.stop();
    await gh?.close();
  });

  test("what broke in this PR: list_runs → get_run → get_job_log → list_artifacts → fetch_artifact with the official MCP client", async () => {
    const seed = gh.state.seed!;
    const client = await connectMcp(app.baseUrl);
    const { runs } = await callOk<{ runs: { run_id: number; conclusion: string; head_sha: string }[] }>(client, "auditlens_list_runs", { repo: "acme/web", pr_number: seed.prNumber, failed_only: true });
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.conclusion === "failure" && r.head_sha === seed.prHeadSha)).toBe(true);

    const run = await callOk<{ jobs: { job_id: number; conclusion: string; failure_excerpt: { first_error: string } | null }[] }>(client, "auditlens.get_run", { repo: "acme/web", run_id: seed.failedRunId });
    const failed = run.jobs.find((j) => j.conclusion === "failure")!;
    expect(failed.failure_excerpt?.first_error).toMatch(/login\.test\.ts/);

    const log = await callOk<{ lines: { n: number; text: string }[]; total_lines: number }>(client, "auditlens_get_job_log", { repo: "acme/web", job_id: failed.job_id, grep: "exit code", context: 1 });
    expect(log.lines.some((l) => /Process completed with exit code 1/.test(l.text))).toBe(true);

    const { artifacts } = await callOk<{ artifacts: { artifact_id: number; name: string }[] }>(client, "auditlens_list_artifacts", { repo: "acme/web", run_id: seed.failedRunId });
    const results = artifacts.find((a) => a.name === "test-results")!;
    const fetched = await callOk<{ entries: { path: string; format: string; ref: string }[]; archive_ref: string }>(client, "auditlens_fetch_artifact", { repo: "acme/web", artifact_id: results.artifact_id });
    expect(fetched.entries).toEqual(expect.arrayContaining([expect.objectContaining({ path: "reports/codeql.sarif", format: "sarif" }), expect.objectContaining({ path: "reports/junit/results.xml", format: "junit" })]));
    expect(fetched.archive_ref).toMatch(/^sha256\/[0-9a-f]{64}$/);
    await client.close();

    // The token never reaches the logs (debug level included) or the blob storage.
    const minted = [...gh.state.tokens.keys()].filter((t) => t !== PAT && gh.state.tokens.get(t)?.kind === "installation");
    for (const secret of [PAT, ...minted]) expect(app.logs.join("")).not.toContain(secret);
    expect(gh.blobRequests.every((b) => b.authorization === null)).toBe(true);
  });

  test("Settings stores a token and a GitHub App, Test connection shows who GitHub says we are; secrets are never rendered back", async ({ page }) => {
    await signInAsOperator(page, app.baseUrl, { callbackUrl: "/settings" });
    const stored = "github_pat_11STORED0000fakeTokenStoredFromTheConsole_abcdefghijklmnopqrstuvwxyz0123456789AB";
    gh.addToken(stored, { login: "hubot", kind: "pat" });
    await page.getByLabel("GitHub token").fill(stored);
    await page.getByTestId("github-token-save").click();
    await expect(page.getByTestId("github-token-message")).toContainText("Token stored");
    await page.getByTestId("github-test").click();
    await expect(page.getByTestId("github-identity")).toHaveText("hubot (User)");
    await expect(page.getByTestId("github-rate-limit")).toContainText(/\d+ of 5000 left/);

    await page.getByLabel("GitHub App id").fill(String(gh.app.appId));
    await page.getByLabel("GitHub App private key").fill(gh.app.privateKeyPem);
    await page.getByTestId("github-app-save").click();
    await expect(page.getByTestId("github-app-message")).toContainText("GitHub App stored");
    await page.getByTestId("github-test").click();
    await expect(page.getByTestId("github-identity")).toContainText(`app ${gh.app.appId}`);
    await expect(page.getByTestId("github-test-result")).toContainText("acme");
    await page.screenshot({ path: test.info().outputPath("settings-github.png"), fullPage: true });

    await page.reload();
    const html = await page.content();
    expect(html).not.toContain(stored);
    expect(html).not.toContain("PRIVATE KEY");
    await expect(page.getByTestId("github-current")).toContainText("Stored token: stored");

    // The stored App is now what AuditLens uses: an installation token, minted for acme.
    const client = await connectMcp(app.baseUrl);
    await callOk(client, "auditlens_list_runs", { repo: "acme/web", limit: 1 });
    await client.close();
    expect(gh.requests.some((r) => r.method === "POST" && /\/app\/installations\/\d+\/access_tokens$/.test(r.path))).toBe(true);
    for (const secret of [stored, PAT]) expect(app.logs.join("")).not.toContain(secret);
  });
});
