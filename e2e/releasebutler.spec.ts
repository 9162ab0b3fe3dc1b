import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github";
import { isolatedApp, startApp, type AppServer } from "./support/app-server";
import { callOk, connectMcp, waitForJob } from "./support/mcp";
import { signInAsOperator } from "./support/operator";

const PAT = "github_pat_11E2ERELEASE0fakeTokenForTheReleaseSuite_abcdefghijklmnopqrstuvwxyz0123456789ABC";
const REPO = "acme/cli";

type Conf = { status: string; confirmation_id: string; confirmation_token: string; approve_url: string; summary: string };
type Created = { status: string; job: { job_id: string } | null; receipt_id: string; release_url: string | null; uploaded_assets: { name: string; outcome: string }[] };

test.describe("Release Butler create_release with the official MCP client, the fake GitHub and an operator in Chromium", () => {
  let gh: FakeGitHub;
  let app: AppServer;
  let root: string;
  const files = { "cli-linux-amd64.tar.gz": Buffer.alloc(150_000, 1), "cli-windows-amd64.zip": Buffer.alloc(90_000, 2) };
  test.beforeAll(async () => {
    gh = await startFakeGitHub({ seed: "empty" });
    gh.addToken(PAT, { login: "mona", kind: "pat" });
    gh.addRepo({ owner: "acme", name: "cli" });
    gh.addCommit({ repo: REPO, message: "Initial commit", author: "mona" });
    root = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-e2e-assets-"));
    for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(root, name), bytes);
    const { dataDir, env } = await isolatedApp("releasebutler", { GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: PAT, GITHUB_URL_ALLOWLIST: "127.0.0.1", GITHUB_WRITE_ALLOWLIST: REPO, RELEASE_ASSET_ROOT: root });
    app = await startApp({ dataDir, env });
  });
  test.afterAll(async () => {
    await app?.stop();
    await gh?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test("two assets → confirmation → approval in the console → durable job → assets uploaded → receipt with the release URL", async ({ page }) => {
    const client = await connectMcp(app.baseUrl);
    const args = { repo: REPO, tag_name: "v1.4.0", name: "CLI 1.4.0", body: "## What's Changed\n* Faster start-up", assets: Object.keys(files).map((p) => ({ path: p })), wait_seconds: 0 };
    const plan = await callOk<{ status: string; payload_hash: string; planned_requests: unknown[]; receipt_id?: string }>(client, "releasebutler_create_release", { ...args, dry_run: true });
    expect(plan).toMatchObject({ status: "planned" });
    expect(plan.planned_requests).toHaveLength(5);
    expect(plan.receipt_id).toBeUndefined();
    expect(gh.state.releases.size).toBe(0);
    const conf = await callOk<Conf>(client, "releasebutler_create_release", args);
    expect(conf.status).toBe("confirmation_required");
    for (const [name, bytes] of Object.entries(files)) expect(conf.summary).toContain(`${name} — ${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}`);

    await signInAsOperator(page, app.baseUrl, { callbackUrl: `/confirmations/${conf.confirmation_id}` });
    await page.goto(conf.approve_url.replace(/^https?:\/\/[^/]+/, app.baseUrl));
    await expect(page.getByTestId("confirmation-summary")).toContainText("Faster start-up");
    await expect(page.getByTestId("confirmation-summary")).toContainText("cli-windows-amd64.zip");
    await page.getByTestId("approve").click();
    await expect(page.getByTestId("confirmation-status")).toHaveText("approved");
    expect(gh.state.releases.size).toBe(0);

    const created = await callOk<Created>(client, "releasebutler_create_release", { ...args, confirmation_token: conf.confirmation_token });
    expect(created.job).not.toBeNull();
    const job = await waitForJob(client, created.job!.job_id);
    expect(job.status, JSON.stringify(job)).toBe("succeeded");
    const releases = [...gh.state.releases.values()].filter((r) => r.repo === REPO && r.tagName === "v1.4.0");
    expect(releases).toHaveLength(1);
    expect(releases[0]!.draft).toBe(false);
    expect(releases[0]!.assets.map((a) => a.name).sort()).toEqual(Object.keys(files).sort());

    const facts = await callOk<{ release: { draft: boolean }; assets: { count: number; with_digest: number } }>(client, "releasebutler_get_release", { repo: REPO, tag: "v1.4.0" });
    expect(facts).toMatchObject({ release: { draft: false }, assets: { count: 2, with_digest: 2 } });
    const receipt = await callOk<{ status: string; result: { output: { release_url: string; uploaded_assets: unknown[]; failed_assets: unknown[] } } }>(client, "core_get_receipt", { receipt_id: created.receipt_id });
    expect(receipt.status).toBe("succeeded");
    expect(receipt.result.output.uploaded_assets).toHaveLength(2);
    expect(receipt.result.output.failed_assets).toHaveLength(0);
    await client.close();

    await page.goto(`${app.baseUrl}/jobs/${created.job!.job_id}`);
    await expect(page.getByTestId("release-asset-row")).toHaveCount(2);
    for (const row of await page.getByTestId("release-asset-row").all()) await expect(row).toHaveAttribute("data-outcome", "uploaded");
    await expect(page.getByTestId("release-url")).toHaveText(receipt.result.output.release_url);
    await page.screenshot({ path: test.info().outputPath("release-job.png"), fullPage: true });
    await page.getByTestId("release-receipt").click();
    await expect(page.getByTestId("receipt-status")).toHaveText("succeeded");
    await expect(page.getByTestId("receipt-link")).toHaveText(receipt.result.output.release_url);
  });
});
