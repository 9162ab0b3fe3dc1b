"use server";

import { createPrivateKey } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireOperatorForAction } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { STORED_GITHUB_APP, STORED_GITHUB_TOKEN, StoredGitHubApp } from "@/lib/github/credentials";
import { resetGitHubClients } from "@/lib/github/github-access";
import { testGitHubConnection, type GitHubConnectionReport } from "@/lib/github/test-connection";
import { deleteSecret } from "@/lib/secrets/delete-secret";
import { storeSecret } from "@/lib/secrets/store-secret";

/** What a GitHub credentials form shows after submitting (never the secret). */
export type GitHubFormState = { status: "idle" } | { status: "saved"; message: string } | { status: "error"; message: string };

const TokenForm = z.object({ token: z.string().trim().min(20, "That is too short to be a GitHub token.").max(255).regex(/^\S+$/, "A token has no spaces.") });
const AppForm = z.object({
  app_id: z.string().trim().regex(/^\d{1,12}$/, "App id: digits only."),
  private_key: z.string().trim().min(64, "Paste the whole .pem file.").max(16_384),
  installation_id: z.string().trim().regex(/^\d{0,12}$/, "Installation id: digits only.").optional(),
});

const done = (message: string): GitHubFormState => {
  resetGitHubClients();
  revalidatePath("/settings");
  return { status: "saved", message };
};

/** Store a GitHub token (encrypted). It is never shown again. */
export async function storeGitHubTokenAction(_prev: GitHubFormState, form: FormData): Promise<GitHubFormState> {
  await requireOperatorForAction();
  const parsed = TokenForm.safeParse({ token: form.get("token") });
  if (!parsed.success) return { status: "error", message: parsed.error.issues.map((i) => i.message).join(" ") };
  await storeSecret(await getDb(), { name: STORED_GITHUB_TOKEN, kind: "github_token", plaintext: parsed.data.token });
  return done("Token stored (encrypted). Use Test connection to check it.");
}

/** Store a GitHub App (id, private key, optional installation id), encrypted. The key is never shown again. */
export async function storeGitHubAppAction(_prev: GitHubFormState, form: FormData): Promise<GitHubFormState> {
  await requireOperatorForAction();
  const parsed = AppForm.safeParse({ app_id: form.get("app_id"), private_key: form.get("private_key"), installation_id: form.get("installation_id") || undefined });
  if (!parsed.success) return { status: "error", message: parsed.error.issues.map((i) => i.message).join(" ") };
  try {
    createPrivateKey(parsed.data.private_key);
  } catch {
    return { status: "error", message: "The private key is not a PEM private key: paste the .pem file GitHub generated for the App." };
  }
  const value = StoredGitHubApp.parse({ app_id: parsed.data.app_id, private_key: parsed.data.private_key, ...(parsed.data.installation_id ? { installation_id: parsed.data.installation_id } : {}) });
  await storeSecret(await getDb(), { name: STORED_GITHUB_APP, kind: "github_app", plaintext: JSON.stringify(value) });
  return done("GitHub App stored (encrypted). Use Test connection to check it.");
}

/** Remove the GitHub credentials stored here (the environment's, if any, apply again). */
export async function removeGitHubCredentialsAction(_prev: GitHubFormState, _form: FormData): Promise<GitHubFormState> {
  await requireOperatorForAction();
  const db = await getDb();
  await Promise.all([deleteSecret(db, STORED_GITHUB_TOKEN), deleteSecret(db, STORED_GITHUB_APP)]);
  return done("Stored GitHub credentials removed.");
}

/** "Test connection": identity, permissions or scopes, and the rate limit, as GitHub reports them. */
export async function testGitHubConnectionAction(_prev: GitHubConnectionReport | null, _form: FormData): Promise<GitHubConnectionReport | null> {
  await requireOperatorForAction();
  return testGitHubConnection(await getDb(), getEnv());
}
