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
  /** Query parameters the form keeps as hidden fields (e.g. `{ view: "page" }`). */
  hidden?: Record<string, string>;
};

const control = "rounded border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-800 focus:border-blue-500 focus:outline-none";

/** One `<select>` filter: "all" (empty value) and each option. */
function OptionFilter({ name, label, all, value, options }: { name: string; label: string; all: string; value?: string; options: readonly string[] }) {
  return (
    <select name={name} defaultValue={value ?? ""} aria-label={label} className={control}>
      <option value="">{all}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

/** Severity/category (and optionally module, rule id and sort) filters as a plain GET form: works without JavaScript. */
export function FindingFilters({ action, severity, category, showRuleId, ruleId, showSort, sort, hash, modules, module, categories = FindingCategory.options, hidden = {} }: FindingFiltersProps) {
  const target = `${action}${hash ? `#${hash}` : ""}`;
  const kept = new URLSearchParams(hidden).toString();
  const clear = `${action}${kept ? `?${kept}` : ""}${hash ? `#${hash}` : ""}`;
  // Keyed on the current filter so client-side navigation ("Clear", paging) remounts the uncontrolled fields.
  const key = [module, severity, category, ruleId, sort].join("|");
  return (
    <form key={key} method="get" action={target} className="flex flex-wrap items-center gap-2" data-testid="finding-filters">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {modules ? <OptionFilter name="module" label="Module" all="All modules" value={module} options={modules} /> : null}
      <OptionFilter name="severity" label="Severity" all="All severities" value={severity} options={Severity.options} />
      <OptionFilter name="category" label="Category" all="All categories" value={category} options={categories} />
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
      <Link href={clear} className="text-xs text-zinc-500 hover:text-zinc-800 hover:underline">
        Clear
      </Link>
    </form>
  );
}
