"use client";

import { useActionState } from "react";
import { createApiKeyAction, type CreateApiKeyState } from "./actions";

const control = "rounded border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-800 focus:border-blue-500 focus:outline-none";

/** Create-key form; shows the new key once (it lives only in this component's state, never in the page HTML). */
export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState<CreateApiKeyState, FormData>(createApiKeyAction, { status: "idle" });
  return (
    <div className="space-y-2">
      <form action={action} className="flex flex-wrap items-end gap-2" data-testid="create-api-key-form">
        <label className="space-y-0.5">
          <span className="block text-[11px] font-medium text-zinc-600">Name</span>
          <input name="name" required maxLength={100} placeholder="claude-desktop" className={control} />
        </label>
        <label className="space-y-0.5">
          <span className="block text-[11px] font-medium text-zinc-600">Owner (principal)</span>
          <input name="owner" required maxLength={100} placeholder="alice" className={control} />
        </label>
        <label className="space-y-0.5">
          <span className="block text-[11px] font-medium text-zinc-600">Scope</span>
          <select name="scope" defaultValue="mcp" className={control}>
            <option value="mcp">mcp — MCP endpoint</option>
            <option value="operator">operator — operator REST API</option>
          </select>
        </label>
        <button type="submit" disabled={pending} className="rounded bg-zinc-900 px-2.5 py-1 text-xs font-medium text-white hover:bg-zinc-700 disabled:opacity-60" data-testid="create-api-key">
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      {state.status === "error" ? (
        <p role="alert" className="text-xs text-red-700">
          {state.message}
        </p>
      ) : null}
      {state.status === "created" ? (
        <div className="rounded border border-emerald-200 bg-emerald-50 p-2 text-xs text-emerald-900" role="status">
          <p>
            Key <strong>{state.name}</strong> created. Copy it now: it is not shown again.
          </p>
          <code className="mt-1 block select-all break-all rounded bg-white px-2 py-1 font-mono text-[12px] text-zinc-900" data-testid="new-api-key">
            {state.key}
          </code>
        </div>
      ) : null}
    </div>
  );
}
