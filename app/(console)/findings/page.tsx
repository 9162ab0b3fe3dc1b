import type { Metadata } from "next";
import { FindingFilters } from "@/components/console/finding-filters";
import { FindingsTable } from "@/components/console/findings-table";
import { PageHeader } from "@/components/ui/panel";
import { Pagination } from "@/components/ui/pagination";
import { requireOperator } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { toFindingView } from "@/lib/modules/sitelint/finding-view";
import { listFindingRows } from "@/lib/modules/sitelint/queries";
import { FindingCategory, Severity } from "@/lib/modules/sitelint/types";
import { enumParams, firstParam, pageParam, type SearchParams } from "../_lib/search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Findings" };

const PAGE_SIZE = 100;

/** `/findings?severity=&category=&rule_id=&sort=&page=`: findings of every scan, each linked to its job page. */
export default async function FindingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireOperator();
  const sp = await searchParams;
  const severity = enumParams(sp, "severity", Severity.options);
  const category = enumParams(sp, "category", FindingCategory.options);
  const ruleId = firstParam(sp, "rule_id");
  const sort = firstParam(sp, "sort") === "newest" ? "newest" : "severity";
  const page = pageParam(sp);
  const { rows, total } = await listFindingRows(await getDb(), {
    severity,
    category,
    ruleId,
    sort,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const items = rows.map((r) => ({ ...toFindingView(r.finding), job_id: r.jobId }));
  const filtered = severity.length > 0 || category.length > 0 || !!ruleId;
  return (
    <>
      <PageHeader
        title="Findings"
        subtitle="Every finding of every scan, most severe first (or newest first)."
        actions={
          <FindingFilters action="/findings" severity={severity[0]} category={category[0]} showRuleId ruleId={ruleId} showSort sort={sort} />
        }
      />
      <FindingsTable findings={items} showJob empty={filtered ? "No findings match these filters." : "No findings yet."} />
      <Pagination
        basePath="/findings"
        query={{ severity, category, rule_id: ruleId, sort: sort === "newest" ? sort : undefined }}
        page={page}
        pageSize={PAGE_SIZE}
        total={total}
        shown={items.length}
      />
    </>
  );
}
