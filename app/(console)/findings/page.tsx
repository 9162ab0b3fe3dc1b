import type { Metadata } from "next";
import { FindingFilters } from "@/components/console/finding-filters";
import { FindingsTable, type FindingsTableRow } from "@/components/console/findings-table";
import { PageHeader } from "@/components/ui/panel";
import { Pagination } from "@/components/ui/pagination";
import { AUDITLENS_FINDING_CATEGORIES, FINDING_CATEGORIES, FINDING_MODULES } from "@/drizzle/schema";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { toAuditFindingView } from "@/lib/modules/auditlens/findings/finding-view";
import { listExplorerFindings } from "@/lib/modules/core/findings-explorer";
import { toFindingView } from "@/lib/modules/sitelint/finding-view";
import { Severity } from "@/lib/modules/sitelint/types";
import { enumParams, firstParam, pageParam, type SearchParams } from "../_lib/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Findings" };

const PAGE_SIZE = 100;
const CATEGORIES = [...new Set([...FINDING_CATEGORIES, ...AUDITLENS_FINDING_CATEGORIES])];

type Row = Awaited<ReturnType<typeof listExplorerFindings>>["rows"][number];

/** A stored finding as a table row: SiteLint rows link to their scan's job, AuditLens rows to their triage. */
function toRow(r: Row): FindingsTableRow {
  const base = { ...toFindingView(r.finding), job_id: r.jobId };
  if (r.finding.module !== "auditlens") return base;
  const a = toAuditFindingView(r.finding);
  const location = a.package
    ? `${a.package.name}@${a.package.installed_version ?? "?"}`
    : a.location?.path
      ? `${a.location.path}${a.location.start_line ? `:${a.location.start_line}` : ""}`
      : a.test
        ? `${a.test.suite ? `${a.test.suite} › ` : ""}${a.test.name}`
        : null;
  const label = r.triageId ?? r.reportId ?? r.finding.sourceId;
  return { ...base, location: r.repo ? `${r.repo}: ${location ?? "—"}` : location, source_link: { href: r.triageId ? `/triages/${r.triageId}` : null, label } };
}

/** `/findings?module=&severity=&category=&rule_id=&sort=&page=`: findings of every module, each linked to its source. */
export default async function FindingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireOperator();
  const sp = await searchParams;
  const moduleFilter = enumParams(sp, "module", FINDING_MODULES)[0];
  const severity = enumParams(sp, "severity", Severity.options);
  const category = enumParams(sp, "category", CATEGORIES);
  const ruleId = firstParam(sp, "rule_id");
  const sort = firstParam(sp, "sort") === "newest" ? "newest" : "severity";
  const page = pageParam(sp);
  const { rows, total } = await listExplorerFindings(await getDb(), { module: moduleFilter, severity, category, ruleId, sort, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const items = rows.map(toRow);
  const filtered = !!moduleFilter || severity.length > 0 || category.length > 0 || !!ruleId;
  return (
    <>
      <PageHeader
        title="Findings"
        subtitle="Every finding of every module — SiteLint scans and AuditLens reports — most severe first (or newest first)."
        actions={
          <FindingFilters action="/findings" modules={FINDING_MODULES} module={moduleFilter} categories={CATEGORIES} severity={severity[0]} category={category[0]} showRuleId ruleId={ruleId} showSort sort={sort} />
        }
      />
      <FindingsTable findings={items} showJob empty={filtered ? "No findings match these filters." : "No findings yet."} />
      <Pagination
        basePath="/findings"
        query={{ module: moduleFilter, severity, category, rule_id: ruleId, sort: sort === "newest" ? sort : undefined }}
        page={page}
        pageSize={PAGE_SIZE}
        total={total}
        shown={items.length}
      />
    </>
  );
}
