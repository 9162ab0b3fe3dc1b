"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { signInErrorMessage } from "./sign-in-error";

const input = "w-full rounded border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 focus:border-blue-500 focus:outline-none";

/**
 * Username/password form posting through next-auth's credentials flow (`redirect: false`, then a full page load of the
 * callback path, so the console renders with the new session), and a GitHub button when GitHub sign-in is configured.
 */
export function SignInForm({ callbackUrl, github, initialError }: { callbackUrl: string; github: boolean; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", { redirect: false, callbackUrl, username: String(form.get("username") ?? ""), password: String(form.get("password") ?? "") });
      if (res?.ok && !res.error) {
        window.location.assign(callbackUrl);
        return;
      }
      setError(signInErrorMessage(res?.error ?? (res?.status === 401 ? "CredentialsSignin" : null)));
    } catch {
      setError("Sign-in failed: the server could not be reached.");
    }
    setPending(false);
  }

  return (
    <div className="space-y-4">
      {error ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-2.5 py-1.5 text-xs text-red-800" data-testid="signin-error">
          {error}
        </p>
      ) : null}
      <form onSubmit={onSubmit} className="space-y-3" data-testid="signin-form">
        <label className="block space-y-1">
          <span className="text-xs font-medium text-zinc-700">Username</span>
          <input name="username" autoComplete="username" required className={input} />
        </label>
        <label className="block space-y-1">
          <span className="text-xs font-medium text-zinc-700">Password</span>
          <input name="password" type="password" autoComplete="current-password" required className={input} />
        </label>
        <button type="submit" disabled={pending} className="w-full rounded bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60">
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {github ? (
        <button
          type="button"
          onClick={() => void signIn("github", { callbackUrl })}
          className="w-full rounded border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50"
          data-testid="signin-github"
        >
          Sign in with GitHub
        </button>
      ) : null}
    </div>
  );
}
