import { afterEach, describe, expect, it } from "vitest";
import type { Account, Profile, User } from "next-auth";
import { resetEnvForTests } from "@/lib/env";
import { getAuthOptions } from "./auth-options";

const setEnv = (vars: Record<string, string | undefined>) => {
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  resetEnvForTests();
};
afterEach(() => setEnv({ GITHUB_ID: undefined, GITHUB_SECRET: undefined, OPERATOR_GITHUB_LOGINS: undefined }));

const github = (login: string) => ({ account: { provider: "github", type: "oauth", providerAccountId: "1" } as Account, profile: { login } as Profile, user: { id: "1" } as User });

describe("next-auth options", () => {
  it("offers only the password sign-in without GitHub configuration", () => {
    expect(getAuthOptions().providers.map((p) => p.id)).toEqual(["credentials"]);
  });

  it("adds GitHub OAuth when configured, and lets only the listed logins in, as their GitHub login", async () => {
    setEnv({ GITHUB_ID: "Iv1.abc", GITHUB_SECRET: "s3cr3t", OPERATOR_GITHUB_LOGINS: "octocat,hubot" });
    const o = getAuthOptions();
    expect(o.providers.map((p) => p.id)).toEqual(["credentials", "github"]);
    const signIn = o.callbacks!.signIn!;
    expect(await signIn({ ...github("octocat"), email: undefined, credentials: undefined })).toBe(true);
    expect(await signIn({ ...github("mallory"), email: undefined, credentials: undefined })).toBe(false);
    const token = await o.callbacks!.jwt!({ token: { email: "x@example.com" }, ...github("octocat"), trigger: "signIn" });
    expect(token).toMatchObject({ via: "github", name: "octocat" });
    expect(token.email).toBeUndefined();
  });
});
