"use client";

import { useActionState, useState } from "react";
import { createAuthProfileAction, type AuthProfileFormState } from "./actions";

const control = "rounded border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-800 focus:border-blue-500 focus:outline-none";
const label = "block text-[11px] font-medium text-zinc-600";
const STEPS_EXAMPLE = `[
  { "action": "fill", "selector": "#email", "value": "{{username}}" },
  { "action": "fill", "selector": "#password", "value": "{{password}}" },
  { "action": "click", "selector": "button[type=submit]" }
]`;

/**
 * Create-profile form: name, origin, kind, then the kind's fields. Secret fields are password inputs or textareas
 * whose values live only in the browser until submitted; the result shows the profile's name, never a secret.
 */
export function CreateAuthProfileForm() {
  const [state, action, pending] = useActionState<AuthProfileFormState, FormData>(createAuthProfileAction, { status: "idle" });
  const [kind, setKind] = useState<"cookies" | "headers" | "login">("headers");
  return (
    <div className="space-y-2">
      <form action={action} className="space-y-2" data-testid="create-auth-profile-form" autoComplete="off">
        <div className="flex flex-wrap items-end gap-2">
          <label className="space-y-0.5">
            <span className={label}>Name</span>
            <input name="name" required maxLength={100} placeholder="staging admin" className={control} aria-label="Profile name" />
          </label>
          <label className="space-y-0.5">
            <span className={label}>Origin (the only site it is sent to)</span>
            <input name="origin" required placeholder="https://staging.example.com" className={`${control} w-72`} aria-label="Origin" />
          </label>
          <label className="space-y-0.5">
            <span className={label}>Kind</span>
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} className={control} aria-label="Kind">
              <option value="headers">headers — e.g. Authorization</option>
              <option value="cookies">cookies — a session cookie</option>
              <option value="login">login — scripted sign-in</option>
            </select>
          </label>
        </div>
        {kind === "headers" ? (
          <label className="block space-y-0.5">
            <span className={label}>Headers, one &quot;Name: value&quot; per line (sent only to requests on the origin)</span>
            <textarea name="headers" required rows={3} className={`${control} w-full font-mono`} aria-label="Headers" placeholder="Authorization: Bearer …" />
          </label>
        ) : null}
        {kind === "cookies" ? (
          <div className="space-y-1">
            <label className="block space-y-0.5">
              <span className={label}>Cookies, one name=value per line (host-only cookies of the origin&apos;s host)</span>
              <textarea name="cookies" required rows={3} className={`${control} w-full font-mono`} aria-label="Cookies" placeholder="session=…" />
            </label>
            <div className="flex flex-wrap items-center gap-3 text-xs">
              <label className="space-x-1">
                <span className={label}>Path</span>
                <input name="cookie_path" placeholder="/" className={`${control} w-24`} aria-label="Cookie path" />
              </label>
              <label className="flex items-center gap-1"><input type="checkbox" name="cookie_secure" /> Secure</label>
              <label className="flex items-center gap-1"><input type="checkbox" name="cookie_http_only" defaultChecked /> HttpOnly</label>
              <label className="flex items-center gap-1">
                SameSite
                <select name="cookie_same_site" defaultValue="Lax" className={control} aria-label="SameSite">
                  <option value="Lax">Lax</option>
                  <option value="Strict">Strict</option>
                  <option value="None">None</option>
                </select>
              </label>
            </div>
          </div>
        ) : null}
        {kind === "login" ? (
          <div className="space-y-1">
            <div className="flex flex-wrap items-end gap-2">
              <label className="space-y-0.5">
                <span className={label}>Login URL (on the origin)</span>
                <input name="login_url" required placeholder="/login" className={`${control} w-72`} aria-label="Login URL" />
              </label>
              <label className="space-y-0.5">
                <span className={label}>Username ({"{{username}}"})</span>
                <input name="username" className={control} aria-label="Username" />
              </label>
              <label className="space-y-0.5">
                <span className={label}>Password ({"{{password}}"})</span>
                <input name="password" type="password" className={control} aria-label="Password" />
              </label>
            </div>
            <label className="block space-y-0.5">
              <span className={label}>Steps (JSON: fill | click | press | wait_for | goto)</span>
              <textarea name="steps" required rows={5} defaultValue={STEPS_EXAMPLE} className={`${control} w-full font-mono`} aria-label="Steps" />
            </label>
            <div className="flex flex-wrap items-end gap-2">
              <label className="space-y-0.5">
                <span className={label}>Success: selector visible after login</span>
                <input name="success_selector" placeholder="#account-menu" className={control} aria-label="Success selector" />
              </label>
              <label className="space-y-0.5">
                <span className={label}>or URL contains</span>
                <input name="success_url_contains" placeholder="/dashboard" className={control} aria-label="Success URL contains" />
              </label>
            </div>
          </div>
        ) : null}
        <button type="submit" disabled={pending} className="rounded bg-zinc-900 px-2.5 py-1 text-xs font-medium text-white hover:bg-zinc-700 disabled:opacity-60" data-testid="create-auth-profile">
          {pending ? "Saving…" : "Save profile"}
        </button>
      </form>
      {state.status === "error" ? (
        <p role="alert" className="text-xs text-red-700" data-testid="auth-profile-message">
          {state.message}
        </p>
      ) : null}
      {state.status === "created" ? (
        <p role="status" className="text-xs text-emerald-700" data-testid="auth-profile-message">
          Profile <strong>{state.name}</strong> saved (encrypted). Its secret is not shown again.
        </p>
      ) : null}
    </div>
  );
}
