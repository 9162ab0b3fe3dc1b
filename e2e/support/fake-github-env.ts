// Vitest only (imports the app's env and GitHub client modules; Playwright specs configure a spawned app instead).
import { resetEnvForTests } from "@/lib/env";
import { resetGitHubClients } from "@/lib/github/github-access";
import type { FakeGitHub } from "./fake-github";

const KEYS = ["GITHUB_API_URL", "GITHUB_TOKEN", "GITHUB_URL_ALLOWLIST"] as const;

/** Point the in-process app at the fake GitHub with `token` (downloads allowed to 127.0.0.1), forgetting cached env and clients. */
export function useFakeGitHub(gh: FakeGitHub, token: string): void {
  Object.assign(process.env, { GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: token, GITHUB_URL_ALLOWLIST: "127.0.0.1" });
  resetEnvForTests();
  resetGitHubClients();
}

/** Undo {@link useFakeGitHub}. */
export function forgetFakeGitHub(): void {
  for (const k of KEYS) delete process.env[k];
  resetEnvForTests();
  resetGitHubClients();
}
