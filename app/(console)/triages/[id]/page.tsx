import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FindingsTable, type FindingsTableRow } from "@/components/console/findings-table";
import { JobStatusBadge } from "@/components/console/job-status-badge";
import { SEVERITY_BAR } from "@/components/console/severity-badge";
import { BarList } from "@/components/ui/bar-list";
import { DefinitionList } from "@/components/ui/definition-list";
import { Card, PageHeader, Panel } from "@/components/ui/panel";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { toAuditFindingView, type AuditFindingView } from "@/lib/modules/auditlens/findings/finding-view";
import { getTriageRow, listTriageClassFindings } from "@/lib/modules/auditlens/findings/queries";
import { toFindingView } from "@/lib/modules/sitelint/finding-view";
import { idParam } from "../../_lib/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Triage" };

const CLASSES = [
  { id: "new", title: "New since the base branch", empty: "Nothing new." },
  { id: "broken", title: "Broken: tests already failing on the base branch", empty: "No pre-existing failures." },
  { id: "flaky", title: "Flaky: failed, then passed on a re-run of the same commit", empty: "No flaky tests." },
  { id: "existing", title: "Existing: also reported on the base branch", empty: "Nothing carried over." },
  { id: "fixed", title: "Fixed: on the base branch, gone here", empty: "Nothing fixed." },
] as const;
const PER_CLASS = 200;
const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;

type Summary = {
  headline?: string;
  counts?: Record<string, number>;
  run?: { run_id: number; name: string | null; html_url: string; branch: string | null; head_sha: string; conclusion: string | null; pull_requests: number[] };
  head_files?: { path: string; format: string; findings: number }[];
  used_logs?: boolean;
  sibling_runs?: number[];
  compared_with_base?: boolean;
};

function where(a: AuditFindingView): string | null {
  if (a.package) return `${a.package.name}@${a.package.installed_version ?? "?"}${a.package.fixed_version ? ` → ${a.package.fixed_version}` : ""}`;
  if (a.test) return `${a.test.suite ? `${a.test.suite} › ` : ""}${a.test.name}`;
  return a.location?.path ? `${a.location.path}${a.location.start_line ? `:${a.location.start_line}` : ""}` : null;
}

/** `/triages/[id]`: one triage — the run, the headline, and its findings grouped new / broken / flaky / existing / fixed, by tool and severity. */
export default async function TriagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const safeId = idParam(id);
  if (!safeId) notFound();
  await requireOperator({ callbackUrl: `/triages/${id}` });
  const db = await getDb();
  const t = await getTriageRow(db, safeId);
  if (!t) notFound();
  const s = (t.summary ?? {}) as Summary;
  const groups = await Promise.all(CLASSES.map(async (c) => ({ ...c, ...(await listTriageClassFindings(db, t, c.id, PER_CLASS)) })));
  const headRows = groups.filter((g) => g.id !== "fixed").flatMap((g) => g.rows.map((r) => ({ r, cls: g.id })));
  const bySeverity = SEVERITIES.map((sev) => ({ label: sev, value: headRows.filter((x) => x.cls === "new" && x.r.severity === sev).length, color: SEVERITY_BAR[sev] }));
  const tools = [...new Set(headRows.map((x) => x.r.sourceTool))].sort();
  const byTool = tools.map((tool) => ({ label: tool, value: headRows.filter((x) => x.r.sourceTool === tool).length }));
  const rowsOf = (rows: typeof groups[number]["rows"]): FindingsTableRow[] => rows.map((r) => ({ ...toFindingView(r), location: where(toAuditFindingView(r)) }));
  return (
    <>
      <PageHeader title={<span className="font-mono">{t.id}</span>} subtitle={s.headline ?? t.error?.message ?? "Triage in progress."} />
      <div className="grid gap-3 md:grid-cols-3">
        <Card className="md:col-span-1">
          <DefinitionList
            items={[
              ["Status", <JobStatusBadge key="s" status={t.status} testId="triage-status" />],
              ["Repository", <span key="r" className="font-mono">{t.repo}</span>],
              ["Run", s.run ? <a key="run" href={s.run.html_url} target="_blank" rel="noopener noreferrer" className="text-blue-700 hover:underline">{`${s.run.name ?? "run"} ${s.run.run_id}`}</a> : (t.runId ?? "—")],
              ["Commit", <span key="c" className="font-mono text-xs">{t.headSha?.slice(0, 12) ?? "—"}</span>],
              ["Base", t.baseRunId ? `${t.baseBranch} run ${t.baseRunId}` : `${t.baseBranch ?? "—"} (no successful run to compare with)`],
              ["Same-commit runs", s.sibling_runs?.length ? s.sibling_runs.join(", ") : "none"],
              ["Evidence", s.head_files?.length ? s.head_files.map((f) => `${f.path} [${f.format}]`).join(", ") : s.used_logs ? "failed-job logs" : "—"],
              ["Job", <Link key="j" href={`/jobs/${t.jobId}`} className="font-mono text-xs text-blue-700 hover:underline">{t.jobId}</Link>],
            ]}
          />
        </Card>
        <Card>
          <p className="mb-2 text-xs font-semibold text-zinc-600">New findings by severity</p>
          <BarList items={bySeverity} testId="triage-new-by-severity" />
        </Card>
        <Card>
          <p className="mb-2 text-xs font-semibold text-zinc-600">Findings by tool (this run)</p>
          <BarList items={byTool} testId="triage-by-tool" />
        </Card>
      </div>
      {groups.map((g) => (
        <Panel key={g.id} id={g.id} title={<span data-testid={`triage-class-${g.id}`} data-count={g.total}>{`${g.title} (${g.total})`}</span>}>
          <FindingsTable findings={rowsOf(g.rows)} empty={g.empty} variant="code" />
          {g.total > g.rows.length ? <p className="text-xs text-zinc-500">{`Showing ${g.rows.length} of ${g.total}; read the rest with auditlens_get_triage.`}</p> : null}
        </Panel>
      ))}
    </>
  );
}
