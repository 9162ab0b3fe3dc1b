import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader, Panel } from "@/components/ui/panel";
import { DateTime } from "@/components/ui/date-time";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import { listApiKeys } from "@/lib/auth/api-keys/queries";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getWritesDisabled } from "@/lib/runtime/policy/kill-switch";
import { STORED_GITHUB_APP, STORED_GITHUB_TOKEN } from "@/lib/github/credentials";
import { storedSecretsInfo } from "@/lib/secrets/queries";
import { revokeApiKeyAction, setWritesDisabledAction } from "./actions";
import { CreateApiKeyForm } from "./create-api-key-form";
import { GitHubSettings } from "./github-settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

const control = "rounded border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-800 focus:border-blue-500 focus:outline-none";

/** `/settings`: API keys (create, shown once; revoke), the "writes disabled" kill switch, GitHub credentials. */
export default async function SettingsPage() {
  await requireOperator();
  const db = await getDb();
  const [keys, writes, secrets] = await Promise.all([listApiKeys(db), getWritesDisabled(db), storedSecretsInfo(db, [STORED_GITHUB_TOKEN, STORED_GITHUB_APP])]);
  const env = getEnv();
  const mode = env.MCP_AUTH_MODE;
  const stored = (name: string) => (secrets[name] ? `stored, updated ${secrets[name].updatedAt.toISOString()}` : null);
  const github = {
    token: stored(STORED_GITHUB_TOKEN),
    app: stored(STORED_GITHUB_APP),
    env: env.GITHUB_APP_ID ? `GitHub App ${env.GITHUB_APP_ID}` : env.GITHUB_TOKEN ? "GITHUB_TOKEN is set" : null,
  };
  return (
    <>
      <PageHeader title="Settings" subtitle="API keys for MCP clients and operator scripts; the kill switch for writes; GitHub credentials." />
      <p className="mb-4 text-sm">
        <Link href="/settings/auth-profiles" className="text-blue-700 hover:underline">
          SiteLint auth profiles
        </Link>{" "}
        <span className="text-zinc-500">— cookies, headers or a scripted login, to audit logged-in pages.</span>
      </p>
      <Panel title="Writes">
        <Card className="space-y-2">
          <p className="text-sm">
            Writes are{" "}
            <strong data-testid="kill-switch-state" className={writes.disabled ? "text-red-700" : "text-emerald-700"}>
              {writes.disabled ? "disabled" : "enabled"}
            </strong>
            {writes.updated_by ? (
              <span className="text-xs text-zinc-500">
                {" "}
                — set by {writes.updated_by} at <DateTime value={writes.updated_at} />
                {writes.reason ? `: ${writes.reason}` : ""}
              </span>
            ) : null}
          </p>
          <p className="text-xs text-zinc-500">While disabled, every write or destructive tool is refused before it runs, on every instance.</p>
          <form action={setWritesDisabledAction} className="flex flex-wrap items-center gap-2">
            <input type="hidden" name="disabled" value={writes.disabled ? "false" : "true"} />
            <input name="reason" maxLength={500} placeholder="Reason (recorded)" aria-label="Reason" className={`${control} w-72`} />
            <button
              type="submit"
              className={`rounded px-2.5 py-1 text-xs font-medium text-white ${writes.disabled ? "bg-emerald-700 hover:bg-emerald-800" : "bg-red-700 hover:bg-red-800"}`}
              data-testid="kill-switch-toggle"
            >
              {writes.disabled ? "Enable writes" : "Disable writes"}
            </button>
          </form>
        </Card>
      </Panel>
      <Panel title="GitHub">
        <Card className="space-y-2">
          <p className="text-xs text-zinc-500">
            AuditLens reads Actions runs, logs and artifacts with these credentials ({env.githubApiUrl}). Stored credentials win over the environment; a GitHub App wins over a token.
          </p>
          <GitHubSettings current={github} />
        </Card>
      </Panel>
      <Panel title={`API keys (${keys.length})`}>
        <p className="text-xs text-zinc-500">
          MCP authentication is <code>MCP_AUTH_MODE={mode}</code>
          {mode === "none" ? " — keys with scope mcp are not required until it is set to api_key." : " — MCP clients send Authorization: Bearer <key>."}
        </p>
        <CreateApiKeyForm />
        <Table testId="api-keys-table" caption="API keys">
          <THead columns={["Name", "Owner", "Scope", "Prefix", "Created", "Last used", "Revoked", ""]} />
          <tbody>
            {keys.length === 0 ? <EmptyRow colSpan={8}>No API keys yet.</EmptyRow> : null}
            {keys.map((k) => (
              <tr key={k.id} className={rowClass} data-testid="api-key-row" data-key-name={k.name}>
                <Td>{k.name}</Td>
                <Td mono>{k.owner}</Td>
                <Td>{k.scope}</Td>
                <Td mono>{k.prefix}…</Td>
                <Td>
                  <DateTime value={k.createdAt} /> <span className="text-zinc-500">by {k.createdBy}</span>
                </Td>
                <Td>
                  <DateTime value={k.lastUsedAt} />
                </Td>
                <Td>{k.revokedAt ? <DateTime value={k.revokedAt} /> : <span className="text-emerald-700">active</span>}</Td>
                <Td>
                  {k.revokedAt ? null : (
                    <form action={revokeApiKeyAction}>
                      <input type="hidden" name="id" value={k.id} />
                      <button type="submit" className="text-xs font-medium text-red-700 hover:underline" data-testid="revoke-api-key">
                        Revoke
                      </button>
                    </form>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Panel>
    </>
  );
}
