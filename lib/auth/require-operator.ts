import "server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import { getServerSession } from "next-auth/next";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { verifyApiKey } from "./api-keys/verify-api-key";
import { getAuthOptions, githubSignInEnabled, isOperatorGithubLogin, type SignInMethod } from "./auth-options";
import { bearerToken } from "./bearer-token";

/** The signed-in operator. `name` is the operator username or the GitHub login. */
export type Operator = { name: string; via: SignInMethod };

const SessionShape = z.object({ user: z.object({ name: z.string().min(1) }), via: z.enum(["credentials", "github"]) });

/**
 * The operator a session stands for, re-checked against the current configuration: a session signed before the
 * operator username changed, or by a GitHub login since removed from `OPERATOR_GITHUB_LOGINS`, no longer counts.
 */
function operatorFromSession(session: unknown): Operator | null {
  const s = SessionShape.safeParse(session);
  if (!s.success) return null;
  const env = getEnv();
  const { name } = s.data.user;
  if (s.data.via === "credentials" && name !== env.OPERATOR_USERNAME) return null;
  if (s.data.via === "github" && !(githubSignInEnabled(env) && isOperatorGithubLogin(env, name))) return null;
  return { name, via: s.data.via };
}

/** The operator of the current request (server components, server actions, route handlers), or null. */
export async function currentOperator(): Promise<Operator | null> {
  return operatorFromSession(await getServerSession(getAuthOptions()));
}

/**
 * Gate for server components: the signed-in operator, or a redirect to `/signin` (with `callbackUrl` when given, a
 * same-site path to come back to). Pages call it too: layouts do not re-run on client-side navigation.
 */
export async function requireOperator(o: { callbackUrl?: string } = {}): Promise<Operator> {
  const op = await currentOperator();
  if (!op) redirect(o.callbackUrl?.startsWith("/") ? `/signin?callbackUrl=${encodeURIComponent(o.callbackUrl)}` : "/signin");
  return op;
}

/**
 * Gate for server actions (DESIGN.md §8 rule 5): the signed-in operator.
 * @throws AppError `UNAUTHORIZED` without a valid session (an action must not answer with a redirect page).
 */
export async function requireOperatorForAction(): Promise<Operator> {
  const op = await currentOperator();
  if (!op) throw new AppError("UNAUTHORIZED", "Sign in as an operator first.");
  return op;
}

function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      out[k] = part.slice(i + 1).trim();
    }
  }
  return out;
}

/**
 * Who is calling a REST route: `Authorization: Bearer <key>` of an unrevoked API key with scope `operator` (principal =
 * the key's owner), else a valid operator session cookie. A Bearer header that does not verify is not retried as a
 * session: an explicit wrong credential is refused.
 * @returns the operator, or null (the route answers 401).
 */
export async function operatorFromRequest(req: Request): Promise<{ name: string; via: "session" | "api_key" } | null> {
  const key = bearerToken(req);
  if (key) {
    const row = await verifyApiKey(await getDb(), key, "operator");
    return row ? { name: row.owner, via: "api_key" } : null;
  }
  // next-auth's (req, res, options) form reads only headers and cookies; `res` receives a refreshed cookie we drop.
  const reqLike = { headers: Object.fromEntries(req.headers), cookies: parseCookies(req.headers.get("cookie")) };
  const resLike = { getHeader: () => undefined, setHeader: () => resLike, setCookie: () => {} };
  const session = await getServerSession(reqLike as unknown as NextApiRequest, resLike as unknown as NextApiResponse, getAuthOptions());
  const op = operatorFromSession(session);
  return op ? { name: op.name, via: "session" } : null;
}
