import type { Metadata } from "next";
import { DateTime } from "@/components/ui/date-time";
import { Card, PageHeader, Panel } from "@/components/ui/panel";
import { EmptyRow, rowClass, Table, Td, THead } from "@/components/ui/table";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { listAuthProfiles } from "@/lib/modules/sitelint/auth-profiles/queries";
import { deleteAuthProfileAction } from "./actions";
import { CreateAuthProfileForm } from "./create-auth-profile-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Auth profiles" };

/** `/settings/auth-profiles`: SiteLint auth profiles — list (metadata only; secrets are write-only), create, delete. */
export default async function AuthProfilesPage() {
  await requireOperator({ callbackUrl: "/settings/auth-profiles" });
  const profiles = await listAuthProfiles(await getDb());
  return (
    <>
      <PageHeader
        title="Auth profiles"
        subtitle="How SiteLint logs in to audit logged-in pages: cookies, request headers or scripted login steps, each for one origin only. Secrets are stored encrypted and never shown again."
      />
      <Panel title="New profile">
        <Card>
          <CreateAuthProfileForm />
        </Card>
      </Panel>
      <Panel title={`Profiles (${profiles.length})`}>
        <p className="text-xs text-zinc-500">
          Pass a profile&apos;s id as <code>auth_profile_id</code> to <code>sitelint_start_scan</code> (MCP clients list them with <code>sitelint_list_auth_profiles</code>).
        </p>
        <Table testId="auth-profiles-table" caption="Auth profiles">
          <THead columns={["Name", "Origin", "Kind", "Secret", "Id", "Created", ""]} />
          <tbody>
            {profiles.length === 0 ? <EmptyRow colSpan={7}>No auth profiles yet.</EmptyRow> : null}
            {profiles.map((p) => (
              <tr key={p.id} className={rowClass} data-testid="auth-profile-row" data-profile-name={p.name}>
                <Td>{p.name}</Td>
                <Td mono>{p.origin}</Td>
                <Td>{p.kind}</Td>
                <Td>
                  <span data-testid="auth-profile-secret">•••• set</span>
                </Td>
                <Td mono>{p.id}</Td>
                <Td>
                  <DateTime value={p.createdAt} /> <span className="text-zinc-500">by {p.createdBy}</span>
                </Td>
                <Td>
                  <form action={deleteAuthProfileAction}>
                    <input type="hidden" name="id" value={p.id} />
                    <button type="submit" className="text-xs font-medium text-red-700 hover:underline" data-testid="delete-auth-profile" aria-label={`Delete ${p.name}`}>
                      Delete
                    </button>
                  </form>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Panel>
    </>
  );
}
