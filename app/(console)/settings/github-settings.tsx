"use client";

import { useActionState } from "react";
import type { GitHubConnectionReport } from "@/lib/github/test-connection";
import { removeGitHubCredentialsAction, storeGitHubAppAction, storeGitHubTokenAction, testGitHubConnectionAction, type GitHubFormState } from "./github-actions";

const control = "rounded border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-800 focus:border-blue-500 focus:outline-none";
const button = "rounded bg-zinc-900 px-2.5 py-1 text-xs font-medium text-white hover:bg-zinc-700 disabled:opacity-60";
const idle: GitHubFormState = { status: "idle" };

function FormMessage({ state, testId }: { state: GitHubFormState; testId: string }) {
  if (state.status === "idle") return null;
  return (
    <p role={state.status === "error" ? "alert" : "status"} data-testid={testId} className={`text-xs ${state.status === "error" ? "text-red-700" : "text-emerald-700"}`}>
      {state.message}
    </p>
  );
}

function Report({ report }: { report: GitHubConnectionReport }) {
  if (!report.ok) {
    return (
      <p role="alert" className="text-xs text-red-700" data-testid="github-test-result">
        Connection failed ({report.error.code}): {report.error.message}
      </p>
    );
  }
  const perms = report.permissions ? Object.entries(report.permissions).map(([k, v]) => `${k}: ${v}`).join(", ") : null;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs" data-testid="github-test-result">
      <dt className="text-zinc-500">Identity</dt>
      <dd data-testid="github-identity">{report.identity}</dd>
      <dt className="text-zinc-500">Credentials</dt>
      <dd>{report.kind === "app" ? "GitHub App" : "token"} ({report.source === "stored" ? "stored here" : "environment"}) · {report.api_url}</dd>
      {report.scopes ? (<><dt className="text-zinc-500">Scopes</dt><dd>{report.scopes.join(", ") || "none"}</dd></>) : null}
      {report.kind === "pat" && !report.scopes ? (<><dt className="text-zinc-500">Permissions</dt><dd>fine-grained token: GitHub does not list its permissions; a missing one is named when a call needs it</dd></>) : null}
      {perms ? (<><dt className="text-zinc-500">App permissions</dt><dd>{perms}</dd></>) : null}
      {report.installations ? (<><dt className="text-zinc-500">Installations</dt><dd>{report.installations.map((i) => `${i.account} (${i.repository_selection})`).join(", ") || "none — install the App on an account"}</dd></>) : null}
      {report.token_expires_at ? (<><dt className="text-zinc-500">Token expires</dt><dd>{report.token_expires_at}</dd></>) : null}
      {report.rate_limit ? (<><dt className="text-zinc-500">Rate limit</dt><dd data-testid="github-rate-limit">{report.rate_limit.remaining} of {report.rate_limit.limit} left, resets {report.rate_limit.reset_at}</dd></>) : null}
    </dl>
  );
}

/**
 * GitHub credentials: store a token or a GitHub App (encrypted; never rendered back), remove them, and "Test
 * connection". `current` describes what is configured without any secret.
 */
export function GitHubSettings({ current }: { current: { token: string | null; app: string | null; env: string | null } }) {
  const [tokenState, tokenAction, tokenPending] = useActionState(storeGitHubTokenAction, idle);
  const [appState, appAction, appPending] = useActionState(storeGitHubAppAction, idle);
  const [removeState, removeAction] = useActionState(removeGitHubCredentialsAction, idle);
  const [report, testAction, testing] = useActionState(testGitHubConnectionAction, null);
  return (
    <div className="space-y-3">
      <ul className="text-xs text-zinc-700" data-testid="github-current">
        <li>Stored token: {current.token ?? "none"}</li>
        <li>Stored GitHub App: {current.app ?? "none"}</li>
        <li>Environment: {current.env ?? "none"}</li>
      </ul>
      <form action={tokenAction} className="flex flex-wrap items-end gap-2" data-testid="github-token-form">
        <label className="space-y-0.5">
          <span className="block text-[11px] font-medium text-zinc-600">Token (fine-grained: Actions read, Contents read, Issues write, Pull requests read)</span>
          <input name="token" type="password" autoComplete="off" required className={`${control} w-96`} aria-label="GitHub token" />
        </label>
        <button type="submit" disabled={tokenPending} className={button} data-testid="github-token-save">Store token</button>
        <FormMessage state={tokenState} testId="github-token-message" />
      </form>
      <form action={appAction} className="space-y-1" data-testid="github-app-form">
        <div className="flex flex-wrap gap-2">
          <label className="space-y-0.5">
            <span className="block text-[11px] font-medium text-zinc-600">App id</span>
            <input name="app_id" inputMode="numeric" required className={`${control} w-28`} aria-label="GitHub App id" />
          </label>
          <label className="space-y-0.5">
            <span className="block text-[11px] font-medium text-zinc-600">Installation id (optional: else resolved per owner)</span>
            <input name="installation_id" inputMode="numeric" className={`${control} w-28`} aria-label="GitHub App installation id" />
          </label>
        </div>
        <label className="block space-y-0.5">
          <span className="block text-[11px] font-medium text-zinc-600">Private key (.pem)</span>
          <textarea name="private_key" required rows={4} autoComplete="off" className={`${control} w-full font-mono`} aria-label="GitHub App private key" />
        </label>
        <button type="submit" disabled={appPending} className={button} data-testid="github-app-save">Store GitHub App</button>
        <FormMessage state={appState} testId="github-app-message" />
      </form>
      <div className="flex flex-wrap items-center gap-2">
        <form action={testAction}>
          <button type="submit" disabled={testing} className={button} data-testid="github-test">{testing ? "Testing…" : "Test connection"}</button>
        </form>
        <form action={removeAction}>
          <button type="submit" className="text-xs font-medium text-red-700 hover:underline" data-testid="github-remove">Remove stored credentials</button>
        </form>
        <FormMessage state={removeState} testId="github-remove-message" />
      </div>
      {report ? <Report report={report} /> : null}
    </div>
  );
}
