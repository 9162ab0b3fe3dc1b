import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { githubSignInEnabled } from "@/lib/auth/auth-options";
import { ensureInitialOperatorPassword } from "@/lib/auth/operator-password";
import { currentOperator } from "@/lib/auth/require-operator";
import { safeCallbackUrl } from "@/lib/auth/safe-callback-url";
import { getEnv } from "@/lib/env";
import { signInErrorMessage } from "./sign-in-error";
import { SignInForm } from "./signin-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);


/**
 * `/signin?callbackUrl=&error=`: operator sign-in (outside the console group, so no sidebar). Username/password, and
 * GitHub when configured. Already signed in → straight to `callbackUrl`.
 */
export default async function SignInPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const callbackUrl = safeCallbackUrl(first(sp.callbackUrl));
  if (await currentOperator()) redirect(callbackUrl);
  const env = getEnv();
  const initial = ensureInitialOperatorPassword();
  const errorCode = first(sp.error);
  const error = errorCode ? signInErrorMessage(errorCode) : null;
  return (
    <main className="grid min-h-screen place-items-center px-4">
      <div className="w-full max-w-sm space-y-4 rounded-md border border-zinc-200 bg-white p-6 shadow-sm">
        <div className="flex items-center gap-2 text-base font-semibold text-zinc-900">
          <span className="grid h-6 w-6 place-items-center rounded bg-blue-600 text-[10px] font-bold text-white" aria-hidden>
            OA
          </span>
          <h1>Sign in to OmniAudit</h1>
        </div>
        <SignInForm callbackUrl={callbackUrl} github={githubSignInEnabled(env)} initialError={error} />
        {initial.generated ? (
          <p className="rounded bg-amber-50 p-2 text-xs text-amber-900" data-testid="initial-password-hint">
            No operator password is configured. Sign in as <code>{env.OPERATOR_USERNAME}</code> with the password generated in{" "}
            <code className="break-all">{initial.file}</code> on the server, then set <code>OPERATOR_PASSWORD_HASH</code>.
          </p>
        ) : null}
      </div>
    </main>
  );
}
