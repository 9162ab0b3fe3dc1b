import type { AuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { z } from "zod";
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { performance } from "node:perf_hooks";
import { appendAuditLog } from "@/lib/audit/append-audit-log";
import { canonicalHash } from "@/lib/crypto/hash";
import { getDb, type Db } from "@/lib/db/client";
import { toSafeText } from "@/lib/safe-text";
import { localSecret } from "@/lib/crypto/local-secret";
import { getEnv, publishNextAuthUrl, type Env } from "@/lib/env";
import { getLogger } from "@/lib/observability/logger";
import { verifyOperatorPassword } from "./operator-password";
import { clientAddress, recordSignInFailure, recordSignInSuccess, signInKeys, signInLockedFor } from "./sign-in-throttle";

/** How an operator signed in; kept in the session JWT as `via`. */
export type SignInMethod = "credentials" | "github";

/** Sessions last 12 hours: an operator console should not stay signed in for next-auth's default 30 days. */
const SESSION_MAX_AGE_S = 12 * 60 * 60;

const Credentials = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1_000) });

/** True when `login` is one of `OPERATOR_GITHUB_LOGINS` (GitHub logins are case-insensitive). */
export function isOperatorGithubLogin(env: Env, login: unknown): boolean {
  return typeof login === "string" && env.OPERATOR_GITHUB_LOGINS.some((l) => l.toLowerCase() === login.toLowerCase());
}

/** True when GitHub sign-in is configured (`GITHUB_ID` and `GITHUB_SECRET`). */
export function githubSignInEnabled(env: Env): boolean {
  return !!(env.GITHUB_ID && env.GITHUB_SECRET);
}

function sameText(a: string, b: string): boolean {
  const h = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** next-auth `?error=` value for a locked sign-in: `TooManyAttempts:<seconds>` (the sign-in page explains it). */
export const LOCKED_ERROR_PREFIX = "TooManyAttempts:";

async function auditSignIn(o: { username: string; address: string | null; decision: string; errorCode: string | null; started: number }): Promise<void> {
  await appendAuditLog(await getDb(), {
    requestId: randomUUID(), principal: toSafeText(o.username).slice(0, 200) || "(empty)", tool: "auth_sign_in", module: "auth",
    inputsHash: canonicalHash({ username: toSafeText(o.username), address: o.address }), decision: o.decision,
    status: o.errorCode ? "error" : "ok", durationMs: Math.round(performance.now() - o.started), errorCode: o.errorCode,
  });
}

/**
 * The credentials check, throttled and audited: a locked account or address is refused without checking the password
 * (`TooManyAttempts:<s>`), every attempt appends an `auth_sign_in` audit row (`allowed`, `denied_credentials`,
 * `locked_out`), failures count towards the lock, a success clears it.
 */
async function authorizeOperator(raw: unknown, env: Env, headers?: Record<string, unknown>) {
  const started = performance.now();
  const parsed = Credentials.safeParse(raw);
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const address = clientAddress(headers as Record<string, string | undefined> | undefined);
  const keys = signInKeys(username, address);
  let db: Db;
  try {
    db = await getDb();
  } catch (e) {
    getLogger().error({ err: e }, "operator sign-in failed");
    return null;
  }
  const locked = await signInLockedFor(db, keys);
  if (locked) {
    await auditSignIn({ username, address, decision: "locked_out", errorCode: "RATE_LIMITED", started });
    throw new Error(`${LOCKED_ERROR_PREFIX}${locked}`);
  }
  let ok = false;
  try {
    // Always run the password check, so a wrong username costs the same time as a wrong password.
    ok = (await verifyOperatorPassword(password)) && sameText(username, env.OPERATOR_USERNAME);
  } catch (e) {
    getLogger().error({ err: e }, "operator sign-in failed");
  }
  if (ok) {
    await recordSignInSuccess(db, keys);
    await auditSignIn({ username, address, decision: "allowed", errorCode: null, started });
    return { id: env.OPERATOR_USERNAME, name: env.OPERATOR_USERNAME };
  }
  const lockedNow = await recordSignInFailure(db, keys);
  await auditSignIn({ username, address, decision: "denied_credentials", errorCode: "UNAUTHORIZED", started });
  if (lockedNow) {
    getLogger().warn({ account: keys.account, address }, "operator sign-in locked after repeated failures");
    throw new Error(`${LOCKED_ERROR_PREFIX}${lockedNow}`);
  }
  return null;
}

function build(env: Env): AuthOptions {
  publishNextAuthUrl();
  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Operator password",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      authorize: (raw, req) => authorizeOperator(raw, env, req?.headers),
    }),
  ];
  if (githubSignInEnabled(env)) providers.push(GitHubProvider({ clientId: env.GITHUB_ID!, clientSecret: env.GITHUB_SECRET! }));
  return {
    secret: env.NEXTAUTH_SECRET ?? localSecret("nextauth-secret"),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    callbacks: {
      // GitHub accounts are operators only when listed in OPERATOR_GITHUB_LOGINS (false → `?error=AccessDenied`).
      signIn: ({ account, profile }) => account?.provider !== "github" || isOperatorGithubLogin(env, (profile as { login?: unknown } | undefined)?.login),
      jwt: ({ token, account, profile, user }) => {
        if (account) {
          const via: SignInMethod = account.provider === "github" ? "github" : "credentials";
          token.via = via;
          token.name = via === "github" ? String((profile as { login?: unknown } | undefined)?.login) : (user.name ?? env.OPERATOR_USERNAME);
          delete token.email;
          delete token.picture;
        }
        return token;
      },
      session: ({ session, token }) => {
        const out: Session & { via?: unknown } = { ...session, user: { name: token.name ?? null } };
        out.via = token.via;
        return out;
      },
    },
    logger: {
      // A session cookie that no longer decrypts (secret rotated, forged) is routine: the visitor just signs in again.
      error: (code, metadata) =>
        code === "JWT_SESSION_ERROR" ? getLogger().warn({ code }, "next-auth: unreadable session cookie ignored") : getLogger().error({ code, err: metadata }, "next-auth error"),
      warn: (code) =>
        code === "NEXTAUTH_URL"
          ? getLogger().info({ code }, "NEXTAUTH_URL and PUBLIC_BASE_URL unset: password sign-in works, GitHub sign-in needs one of them")
          : getLogger().warn({ code }, "next-auth warning"),
      debug: () => {},
    },
  };
}

let cached: { env: Env; options: AuthOptions } | undefined;

/**
 * next-auth options (v4): JWT sessions signed with `NEXTAUTH_SECRET` (else a secret generated in `$DATA_DIR/keys`),
 * the operator password sign-in, and GitHub sign-in when `GITHUB_ID`/`GITHUB_SECRET` are set. Built on first use, not
 * at import, so `next build` generates no secret.
 */
export function getAuthOptions(): AuthOptions {
  const env = getEnv();
  if (cached?.env !== env) cached = { env, options: build(env) };
  return cached.options;
}
