import { expect, test } from "@playwright/test";
import { CORPUS_MISSING } from "./support/corpus";
import { callOk, connectMcp, waitForJob } from "./support/mcp";
import { signInAsOperator } from "./support/operator";

test("signed out, console pages redirect to the sign-in page and JSON/evidence routes answer 401", async ({ page }) => {
  const base = process.env.OA_BASE_URL!;
  await page.goto(`${base}/jobs`);
  await expect(page).toHaveURL(/\/signin(\?|$)/);
  await expect(page.getByRole("heading", { name: "Sign in to OmniAudit" })).toBeVisible();
  await expect(page.getByTestId("operator-name")).toHaveCount(0); // no console chrome
  expect((await page.request.get(`${base}/ui/state`)).status()).toBe(401);
  expect((await page.request.get(`${base}/api/objects/sha256/${"0".repeat(64)}`)).status()).toBe(401);

  // A wrong password shows an error and stays on the sign-in page.
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signin-error")).toHaveText(/wrong username or password/i);
  await expect(page).toHaveURL(/\/signin/);

  // Signing in lands on the console; signing out returns to the sign-in page and the console is closed again.
  await signInAsOperator(page, base, { callbackUrl: "/jobs" });
  await expect(page).toHaveURL(/\/jobs$/);
  expect((await page.request.get(`${base}/ui/state`)).status()).toBe(200);
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto(`${base}/findings`);
  await expect(page).toHaveURL(/\/signin/);
});

test("the console shows a finished scan, its findings and a screenshot", async ({ page }) => {
  const site = process.env.OA_SITE_ORIGIN;
  test.skip(!site, CORPUS_MISSING);
  const client = await connectMcp(process.env.OA_BASE_URL!);
  const { job_id } = await callOk<{ job_id: string }>(client, "sitelint_start_scan", { url: `${site}/a11y/a11y_tester.html`, crawl_budget: 2 });
  expect((await waitForJob(client, job_id)).status).toBe("succeeded");
  await client.close();

  await signInAsOperator(page, process.env.OA_BASE_URL!);
  await page.goto(`${process.env.OA_BASE_URL}/jobs/${job_id}`);
  await expect(page.getByTestId("job-status")).toHaveText(/succeeded/i);
  // Findings are grouped by rule by default (one row per rule with its pages); "By page" lists each occurrence.
  const groups = page.getByTestId("finding-group-row");
  await expect(groups.first()).toBeVisible();
  expect(await groups.count()).toBeGreaterThan(5);
  await expect(page.getByTestId("finding-groups-table")).toContainText("image-alt");
  await page.getByTestId("findings-view-page").click();
  await expect(page).toHaveURL(/view=page/);
  const rows = page.getByTestId("finding-row");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(5);
  await expect(page.getByTestId("findings-table")).toContainText("image-alt");
  const shot = page.getByTestId("screenshot").first();
  await expect(shot).toBeVisible();
  await expect.poll(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(100);
  await page.setViewportSize({ width: 1440, height: 1100 });
  await page.screenshot({ path: test.info().outputPath("console-job.png") });
  await test.info().attach("console-job", { path: test.info().outputPath("console-job.png"), contentType: "image/png" });

  await page.goto(`${process.env.OA_BASE_URL}/findings?severity=critical`);
  await expect(page.getByTestId("findings-table")).toBeVisible();
  await page.goto(`${process.env.OA_BASE_URL}/ui`); // the seed's console URL redirects to the overview
  expect(new URL(page.url()).pathname).toBe("/");
  await expect(page.getByText(/succeeded/i).first()).toBeVisible();
  const state = await (await page.request.get(`${process.env.OA_BASE_URL}/ui/state`)).json();
  expect(state.jobs_by_status.succeeded).toBeGreaterThanOrEqual(1);
});
