import { expect, type Page } from "@playwright/test";

/** The operator account every e2e app instance is started with (see `startApp`). */
export const E2E_OPERATOR = { username: "admin", password: "e2e-operator-password-123" } as const;

/**
 * Sign in to the console of the app at `baseUrl` through the real sign-in page (next-auth credentials flow) and wait
 * until the console is shown.
 */
export async function signInAsOperator(page: Page, baseUrl: string, o: { callbackUrl?: string } = {}): Promise<void> {
  const target = o.callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(o.callbackUrl)}` : "/signin";
  await page.goto(`${baseUrl}${target}`);
  if (!new URL(page.url()).pathname.startsWith("/signin")) return; // already signed in
  await page.getByLabel("Username").fill(E2E_OPERATOR.username);
  await page.getByLabel("Password").fill(E2E_OPERATOR.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
  await expect(page.getByTestId("operator-name")).toHaveText(E2E_OPERATOR.username);
}
