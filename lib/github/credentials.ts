import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { readSecret } from "@/lib/secrets/read-secret";

/** Names of the GitHub credentials stored (encrypted) from the console's Settings. */
export const STORED_GITHUB_TOKEN = "github_token";
export const STORED_GITHUB_APP = "github_app";

/** How OmniAudit authenticates to GitHub. */
export type GitHubCredentials =
  | { kind: "pat"; token: string; source: "env" | "stored" }
  | { kind: "app"; appId: string; privateKey: string; installationId?: string; source: "env" | "stored" };

/** The JSON a stored GitHub App secret holds. */
export const StoredGitHubApp = z.object({
  app_id: z.string().regex(/^\d{1,12}$/),
  private_key: z.string().min(64).max(16_384),
  installation_id: z.string().regex(/^\d{1,12}$/).optional(),
});

/**
 * The GitHub credentials in force: those stored from the console's Settings win over the environment (an operator's
 * explicit choice), and within each source a GitHub App wins over a token (`GITHUB_APP_ID` + `GITHUB_APP_PRIVATE_KEY`
 * [+ `GITHUB_APP_INSTALLATION_ID`], else `GITHUB_TOKEN`).
 * @returns the credentials, or null when none are configured.
 * @throws AppError `INTERNAL` when a stored secret does not decrypt (see `readSecret`).
 */
export async function resolveGitHubCredentials(db: Db, env: Env): Promise<GitHubCredentials | null> {
  const [storedApp, storedToken] = await Promise.all([readSecret(db, STORED_GITHUB_APP), readSecret(db, STORED_GITHUB_TOKEN)]);
  if (storedApp) {
    const app = StoredGitHubApp.safeParse(JSON.parse(storedApp));
    if (app.success) return { kind: "app", appId: app.data.app_id, privateKey: app.data.private_key, installationId: app.data.installation_id, source: "stored" };
  }
  if (storedToken) return { kind: "pat", token: storedToken, source: "stored" };
  if (env.GITHUB_APP_ID && env.githubAppPrivateKey) return { kind: "app", appId: env.GITHUB_APP_ID, privateKey: env.githubAppPrivateKey, installationId: env.GITHUB_APP_INSTALLATION_ID, source: "env" };
  if (env.GITHUB_TOKEN) return { kind: "pat", token: env.GITHUB_TOKEN, source: "env" };
  return null;
}
