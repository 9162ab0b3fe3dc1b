import { expect, test } from "@playwright/test";
import { callOk, connectMcp } from "./support/mcp";
import { signInAsOperator } from "./support/operator";

type Listed = { profiles: { auth_profile_id: string; name: string; origin: string; kind: string; created_at: string }[] };

test("an operator creates auth profiles in the console (secrets write-only), MCP lists them by name only, and deleting one removes it", async ({ page }) => {
  const base = process.env.OA_BASE_URL!;
  const secret = `Bearer e2e-${Date.now().toString(36)}-not-shown-again`;
  const password = `pw-${Date.now().toString(36)}-secret`;
  const headerName = `e2e headers ${Date.now().toString(36)}`;
  const loginName = `e2e login ${Date.now().toString(36)}`;

  await signInAsOperator(page, base, { callbackUrl: "/settings/auth-profiles" });
  await page.goto(`${base}/settings/auth-profiles`);
  await expect(page.getByRole("heading", { name: "Auth profiles" })).toBeVisible();

  // A headers profile.
  const form = page.getByTestId("create-auth-profile-form");
  await form.getByLabel("Profile name", { exact: true }).fill(headerName);
  await form.getByLabel("Origin", { exact: true }).fill("https://staging.e2e.test/some/page");
  await form.getByLabel("Kind", { exact: true }).selectOption("headers");
  await form.getByLabel("Headers", { exact: true }).fill(`Authorization: ${secret}`);
  await page.getByTestId("create-auth-profile").click();
  await expect(page.getByTestId("auth-profile-message")).toContainText(`Profile ${headerName} saved`);
  const headerRow = page.locator(`[data-testid="auth-profile-row"][data-profile-name="${headerName}"]`);
  await expect(headerRow).toContainText("https://staging.e2e.test");
  await expect(headerRow).toContainText("headers");
  await expect(headerRow.getByTestId("auth-profile-secret")).toHaveText("•••• set");

  // A login profile (steps as JSON); a bad one first: the refusal names the problem, not the value. (React resets
  // the form's uncontrolled fields after each submission, so every field is filled again.)
  const fillLogin = async (loginUrl: string) => {
    await form.getByLabel("Kind", { exact: true }).selectOption("login");
    await form.getByLabel("Profile name", { exact: true }).fill(loginName);
    await form.getByLabel("Origin", { exact: true }).fill("https://staging.e2e.test");
    await form.getByLabel("Login URL", { exact: true }).fill(loginUrl);
    await form.getByLabel("Username", { exact: true }).fill("e2e-operator");
    await form.getByLabel("Password", { exact: true }).fill(password);
    await form.getByLabel("Steps", { exact: true }).fill(JSON.stringify([{ action: "fill", selector: "#user", value: "{{username}}" }, { action: "fill", selector: "#pw", value: "{{password}}" }, { action: "click", selector: "#go" }]));
    await form.getByLabel("Success selector", { exact: true }).fill("#account");
  };
  await fillLogin("https://elsewhere.e2e.test/login");
  await page.getByTestId("create-auth-profile").click();
  await expect(page.getByTestId("auth-profile-message")).toContainText("login_url must be on https://staging.e2e.test");
  await expect(page.getByTestId("auth-profile-message")).not.toContainText(password);
  await fillLogin("/login");
  await page.getByTestId("create-auth-profile").click();
  await expect(page.getByTestId("auth-profile-message")).toContainText(`Profile ${loginName} saved`);
  await expect(page.locator(`[data-testid="auth-profile-row"][data-profile-name="${loginName}"]`)).toContainText("login");

  // Secrets are never rendered back.
  await page.reload();
  const html = await page.content();
  expect(html).not.toContain(secret);
  expect(html).not.toContain(password);
  await page.screenshot({ path: test.info().outputPath("auth-profiles.png") });

  // MCP (official SDK client): names, origin, kind — no secret.
  const client = await connectMcp(base);
  const listed = await callOk<Listed>(client, "sitelint_list_auth_profiles");
  const mine = listed.profiles.filter((p) => p.name === headerName || p.name === loginName);
  expect(mine.map((p) => [p.name, p.origin, p.kind]).sort()).toEqual(
    [
      [headerName, "https://staging.e2e.test", "headers"],
      [loginName, "https://staging.e2e.test", "login"],
    ].sort(),
  );
  for (const p of mine) expect(p.auth_profile_id).toMatch(/^authp_[0-9a-f]{28}$/);
  const raw = JSON.stringify(await client.callTool({ name: "sitelint_list_auth_profiles", arguments: { origin: "https://staging.e2e.test" } }));
  expect(raw).not.toContain(secret);
  expect(raw).not.toContain(password);

  // Delete the headers profile in the console: gone from the page and from the tool.
  await headerRow.getByTestId("delete-auth-profile").click();
  await expect(headerRow).toHaveCount(0);
  const after = await callOk<Listed>(client, "sitelint_list_auth_profiles");
  expect(after.profiles.map((p) => p.name)).not.toContain(headerName);
  expect(after.profiles.map((p) => p.name)).toContain(loginName);
  await client.close();
});
