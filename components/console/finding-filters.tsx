import Link from "next/link";
import { FindingCategory, Severity } from "@/lib/modules/sitelint/types";

export type FindingFiltersProps = {
  /** Path the GET form submits to (filters become the query string, paging restarts at 1). */
  action: string;
  severity?: string;
  category?: string;
  /** Show a rule-id text box (cross-scan page), prefilled with `ruleId`. */
  showRuleId?: boolean;
  ruleId?: string;
  /** Show the sort selector (cross-scan page). */
  showSort?: boolean;
  sort?: "severity" | "newest";
  /** Fragment to land on after filtering, e.g. `findings`. */
  hash?: string;
  /** Show a module selector (cross-module page), set to `module`. */
  modules?: readonly string[];
  module?: string;
  /** Categories to offer (default SiteLint's). */
  categories?: readonly string[];
};

const control = "rounded border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-800 focus:border-blue-500 focus:outline-none";

/** Severity/category (and optionally rule id and sort) filters as a plain GET form: works without JavaScript. */
export function FindingFilters({ action, severity, category, showRuleId, ruleId, showSort, sort, hash, modules, module, categories = FindingCategory.options }: FindingFiltersProps) {
  const target = `${action}${hash ? `#${hash}` : ""}`;
  // Keyed on the current filter so client-side navigation ("Clear", paging) remounts the uncontrolled fields.
  const key = [module, severity, category, ruleId, sort].join("|");
  return (
    <form key={key} method="get" action={target} className="flex flex-wrap items-center gap-2" data-testid="finding-filters">
      {modules ? (
        <select name="module" defaultValue={module ?? ""} aria-label="Module" className={control}>
          <option value="">All modules</option>
          {modules.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      ) : null}
      <select name="severity" defaultValue={severity ?? ""} aria-label="Severity" className={control}>
        <option value="">All severities</option>
        {Severity.options.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select name="category" defaultValue={category ?? ""} aria-label="Category" className={control}>
        <option value="">All categories</option>
        {categories.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      {showRuleId ? (
        <input name="rule_id" defaultValue={ruleId ?? ""} placeholder="rule id" aria-label="Rule id" className={`${control} w-36 font-mono`} />
      ) : null}
      {showSort ? (
        <select name="sort" defaultValue={sort ?? "severity"} aria-label="Sort" className={control}>
          <option value="severity">Most severe first</option>
          <option value="newest">Newest first</option>
        </select>
      ) : null}
      <button type="submit" className="rounded bg-zinc-900 px-2.5 py-1 text-xs font-medium text-white hover:bg-zinc-700">
        Filter
      </button>
      <Link href={target} className="text-xs text-zinc-500 hover:text-zinc-800 hover:underline">
        Clear
      </Link>
    </form>
  );
}
